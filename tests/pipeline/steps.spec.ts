/**
 * The pipeline's state transitions against a real database (SQLite and MariaDB): claims with leases,
 * order between steps, retries with backoff, crash recovery by lease expiry, admin actions, outputs.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { appendEvent, eventsAfter, missedByPruning, pruneEvents } from '../../src/lib/server/pipeline/events.repository';
import * as outputs from '../../src/lib/server/pipeline/outputs.repository';
import * as steps from '../../src/lib/server/pipeline/steps.repository';
import { dropDatabase, freshDatabaseUrl } from '../helpers/app';
import { insertBook } from '../helpers/pipeline';

let db: Db;
let url: string;
beforeAll(async () => {
	url = await freshDatabaseUrl(mkdtempSync(path.join(os.tmpdir(), 'earshelf-steps-')));
	db = createDb(url.startsWith('mysql:') ? { dialect: 'mysql', url } : { dialect: 'sqlite', file: url.slice(7) });
	await migrateToLatest(db);
});
afterAll(async () => {
	await db?.destroy();
	await dropDatabase(url);
});

const LEASE = 10_000;
const fail = { maxAttempts: 3, baseBackoffMs: 1000, maxBackoffMs: 60_000 };

const created: string[] = [];
afterEach(async () => {
	for (const bookId of created.splice(0)) await steps.cancel(db, bookId, 0);
});

async function newBook(now = 1_000) {
	const { bookId } = await insertBook(db);
	created.push(bookId);
	await steps.createSteps(db, bookId, now);
	return bookId;
}

/** Claims the next step, which must be this book's: every other test's book is cancelled after its test. */
async function claimOnly(bookId: string, owner: string, now: number) {
	const s = await steps.claimNext(db, { owner, now, leaseMs: LEASE });
	if (s && s.book_id !== bookId) throw new Error(`claimed another test's step ${s.book_id}/${s.step}`);
	return s;
}
const claimOf = claimOnly;

async function status(bookId: string) {
	return Object.fromEntries((await steps.listSteps(db, bookId)).map((s) => [s.step, s.status]));
}

describe('pipeline steps', () => {
	it('creates the five steps once, pending, in order', async () => {
		const bookId = await newBook();
		await steps.createSteps(db, bookId, 2_000);
		const list = await steps.listSteps(db, bookId);
		expect(list.map((s) => [s.step, s.position, s.status])).toEqual([
			['upload', 0, 'pending'],
			['transcribe', 1, 'pending'],
			['chapters', 2, 'pending'],
			['summarize', 3, 'pending'],
			['publish', 4, 'pending']
		]);
	});

	it('claims steps in order: a step waits until every earlier one succeeded', async () => {
		const bookId = await newBook();
		const now = Date.now();
		const first = await claimOf(bookId, 'r1', now);
		expect(first).toMatchObject({ step: 'upload', status: 'running', lease_owner: 'r1', attempts: 1, lease_expires_at: now + LEASE });
		expect(await claimOnly(bookId, 'r2', now)).toBeNull(); // transcribe is not due while upload runs
		expect(await steps.completeStep(db, { bookId, step: 'upload' }, 'r1', now)).toBe(true);
		const second = await claimOnly(bookId, 'r2', now + 1);
		expect(second).toMatchObject({ step: 'transcribe', lease_owner: 'r2' });
		expect(await status(bookId)).toEqual({ upload: 'succeeded', transcribe: 'running', chapters: 'pending', summarize: 'pending', publish: 'pending' });
	});

	it('lets only the lease holder renew, checkpoint and complete', async () => {
		const bookId = await newBook();
		const now = Date.now() + 20_000_000;
		await claimOf(bookId, 'owner', now);
		const key = { bookId, step: 'upload' as const };
		expect(await steps.renewLease(db, key, { owner: 'intruder', now, leaseMs: LEASE })).toBe(false);
		expect(await steps.saveCheckpoint(db, key, 'intruder', { x: 1 }, now)).toBe(false);
		expect(await steps.completeStep(db, key, 'intruder', now)).toBe(false);
		expect(await steps.renewLease(db, key, { owner: 'owner', now: now + 5_000, leaseMs: LEASE })).toBe(true);
		expect((await steps.getStep(db, key))?.lease_expires_at).toBe(now + 15_000);
		expect(await steps.completeStep(db, key, 'owner', now + 6_000)).toBe(true);
		expect(await steps.getStep(db, key)).toMatchObject({ status: 'succeeded', lease_owner: null, finished_at: now + 6_000 });
	});

	it('recovers a crashed runner\'s step once its lease expires; the old runner can no longer write', async () => {
		const bookId = await newBook();
		const now = Date.now() + 30_000_000;
		await claimOf(bookId, 'crashed', now);
		expect(await claimOnly(bookId, 'rescuer', now + LEASE - 1)).toBeNull();
		const rescued = await claimOnly(bookId, 'rescuer', now + LEASE + 1);
		expect(rescued).toMatchObject({ step: 'upload', lease_owner: 'rescuer', attempts: 2 });
		const key = { bookId, step: 'upload' as const };
		expect(await steps.renewLease(db, key, { owner: 'crashed', now: now + LEASE + 2, leaseMs: LEASE })).toBe(false);
		expect(await steps.failStep(db, key, { owner: 'crashed', now, error: 'x', transient: true, ...fail })).toBe('lost');
	});

	it('retries a transient failure after a growing backoff, then fails it with the reason', async () => {
		const bookId = await newBook();
		let now = Date.now() + 40_000_000;
		const key = { bookId, step: 'upload' as const };
		const delays: number[] = [];
		for (let attempt = 1; attempt <= 3; attempt++) {
			const claimed = await claimOnly(bookId, 'r', now);
			expect(claimed?.attempts).toBe(attempt);
			const outcome = await steps.failStep(db, key, { owner: 'r', now, error: 'connection failed: sidecar down', transient: true, ...fail });
			const s = await steps.getStep(db, key);
			if (attempt < 3) {
				expect(outcome).toBe('retry');
				expect(s).toMatchObject({ status: 'pending', error: 'connection failed: sidecar down', lease_owner: null });
				delays.push(s!.run_after! - now);
				expect(await claimOnly(bookId, 'r', s!.run_after! - 1)).toBeNull(); // not due yet
				now = s!.run_after!;
			} else {
				expect(outcome).toBe('failed');
				expect(s).toMatchObject({ status: 'failed', error: 'connection failed: sidecar down', attempts: 3 });
			}
		}
		expect(delays).toEqual([1000, 2000]);
		expect(await claimOnly(bookId, 'r', now + 10_000_000)).toBeNull(); // failed stays failed
	});

	it('fails a permanent error at once', async () => {
		const bookId = await newBook();
		const now = Date.now() + 50_000_000;
		await claimOf(bookId, 'r', now);
		const outcome = await steps.failStep(db, { bookId, step: 'upload' }, { owner: 'r', now, error: 'the audio file is missing', transient: false, ...fail });
		expect(outcome).toBe('failed');
		expect(await status(bookId)).toMatchObject({ upload: 'failed' });
	});

	it('cancels the unfinished steps (the runner loses its lease) and resumes them with stored work kept', async () => {
		const bookId = await newBook();
		const now = Date.now() + 60_000_000;
		await claimOf(bookId, 'r', now);
		await steps.completeStep(db, { bookId, step: 'upload' }, 'r', now);
		await claimOnly(bookId, 'r', now);
		await outputs.storeChunk(db, bookId, { index: 0, start: 0, end: 20, segments: [{ start: 0, end: 20, text: 'Hello.' }] }, 'local', now);
		expect(await steps.cancel(db, bookId, now + 1)).toBe(4);
		expect(await status(bookId)).toEqual({ upload: 'succeeded', transcribe: 'cancelled', chapters: 'cancelled', summarize: 'cancelled', publish: 'cancelled' });
		expect(await steps.renewLease(db, { bookId, step: 'transcribe' }, { owner: 'r', now: now + 2, leaseMs: LEASE })).toBe(false);
		expect(await claimOnly(bookId, 'r', now + 3)).toBeNull();

		expect(await steps.resume(db, bookId, now + 4)).toBe(4);
		expect(await status(bookId)).toEqual({ upload: 'succeeded', transcribe: 'pending', chapters: 'pending', summarize: 'pending', publish: 'pending' });
		expect(await outputs.resumeChunkIndex(db, bookId)).toBe(1);
		expect(await claimOnly(bookId, 'r2', now + 5)).toMatchObject({ step: 'transcribe', attempts: 1 });
	});

	it('redoes a step and the ones after it, deleting their outputs', async () => {
		const bookId = await newBook();
		let now = Date.now() + 70_000_000;
		for (const step of steps.STEP_ORDER) {
			await claimOnly(bookId, 'r', now);
			if (step === 'transcribe') {
				await outputs.storeChunk(db, bookId, { index: 0, start: 0, end: 1, segments: [{ start: 0, end: 1, text: 'A.' }] }, 'local', now);
				await outputs.composeTranscript(db, bookId, now);
			}
			if (step === 'summarize') await outputs.storeSummaryPart(db, bookId, { index: 0, hash: 'h', text: 'part' }, now);
			expect(await steps.completeStep(db, { bookId, step }, 'r', now)).toBe(true);
			now++;
		}
		expect(await steps.redo(db, { bookId, step: 'summarize' }, now)).toBe(2);
		expect(await status(bookId)).toEqual({ upload: 'succeeded', transcribe: 'succeeded', chapters: 'succeeded', summarize: 'pending', publish: 'pending' });
		expect(await outputs.listSummaryParts(db, bookId)).toEqual([]);
		expect(await outputs.getTranscript(db, bookId)).not.toBeNull();

		expect(await steps.redo(db, { bookId, step: 'transcribe' }, now)).toBe(4);
		expect(await outputs.resumeChunkIndex(db, bookId)).toBe(0);
		expect(await outputs.getTranscript(db, bookId)).toBeNull();
	});

	it('hands a stopping runner\'s steps back at once without counting the attempt', async () => {
		const bookId = await newBook();
		const now = Date.now() + 80_000_000;
		await claimOf(bookId, 'leaving', now);
		expect(await steps.releaseLeases(db, 'leaving', now)).toBe(1);
		expect(await steps.getStep(db, { bookId, step: 'upload' })).toMatchObject({ status: 'pending', lease_owner: null, attempts: 0 });
		expect(await claimOnly(bookId, 'next', now)).toMatchObject({ step: 'upload', attempts: 1 });
	});

	it('sets a step\'s provider', async () => {
		const bookId = await newBook();
		expect(await steps.setProvider(db, { bookId, step: 'transcribe' }, 'openai', 5)).toBe(true);
		expect((await steps.getStep(db, { bookId, step: 'transcribe' }))?.provider).toBe('openai');
	});

	it('never gives one step to two runners claiming at the same time', async () => {
		const books = await Promise.all(Array.from({ length: 6 }, () => newBook()));
		const now = Date.now() + 90_000_000;
		const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => steps.claimNext(db, { owner: `c${i}`, now, leaseMs: LEASE })));
		const got = claims.filter((c): c is NonNullable<typeof c> => !!c).map((c) => `${c.book_id}/${c.step}`);
		expect(new Set(got).size).toBe(got.length);
		for (const bookId of books) {
			const running = (await steps.listSteps(db, bookId)).filter((s) => s.status === 'running');
			expect(running.length).toBeLessThanOrEqual(1);
		}
	});
});

describe('pipeline outputs and events', () => {
	it('stores chunks idempotently and resumes at the first missing one', async () => {
		const { bookId } = await insertBook(db);
		const chunk = (index: number) => ({ index, start: index * 20, end: index * 20 + 20, segments: [{ start: index * 20, end: index * 20 + 20, text: `Part ${index}.` }] });
		for (const i of [0, 1, 1, 0, 3]) await outputs.storeChunk(db, bookId, chunk(i), 'local', 1);
		expect(await outputs.resumeChunkIndex(db, bookId)).toBe(2);
		await outputs.storeChunk(db, bookId, chunk(2), 'local', 1);
		expect(await outputs.composeTranscript(db, bookId, 2)).toEqual({ chunks: 4, words: 8 });
		expect((await outputs.getTranscript(db, bookId))?.text).toBe('Part 0.\nPart 1.\nPart 2.\nPart 3.');
	});

	it('keeps the newest events per book and says when a reader missed pruned ones', async () => {
		const { bookId } = await insertBook(db);
		const ids: number[] = [];
		for (let i = 0; i < 12; i++) ids.push(await appendEvent(db, bookId, 'log', { i }, i));
		expect(await missedByPruning(db, ids[0]! - 1, bookId)).toBe(false);
		expect(await pruneEvents(db, bookId, 5)).toBe(7);
		const left = await eventsAfter(db, 0, { bookId, limit: 100 });
		expect(left.map((e) => e.id)).toEqual(ids.slice(7));
		expect(await missedByPruning(db, ids[0]!, bookId)).toBe(true);
		expect(await missedByPruning(db, ids[6]!, bookId)).toBe(false);
	});
});
