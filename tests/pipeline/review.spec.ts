/**
 * No dead ends (issue 13): what publish does with the summary, against a real database, and a book
 * with no speech at all through the real sidecar and the production build, which waits for review
 * instead of failing, then goes on sale when the admin accepts it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { reviewReason, type SummaryCheckpoint } from '../../src/lib/server/pipeline/handlers';
import { labelledExamples, storeBookVector } from '../../src/lib/server/pipeline/examples.repository';
import * as outputs from '../../src/lib/server/pipeline/outputs.repository';
import * as steps from '../../src/lib/server/pipeline/steps.repository';
import { getPublishPolicy, setPublishPolicy, type PublishPolicy } from '../../src/lib/server/settings';
import { dropDatabase, freshDatabaseUrl, startTestApp } from '../helpers/app';
import { client } from '../helpers/http';
import { insertBook, missingModels, putLocalBlob, startSidecar, waitFor } from '../helpers/pipeline';
import { fileBook } from '../../src/lib/server/catalog/shelf-order.repository';

const clean: SummaryCheckpoint = {
	categories: ['mystery-thriller'],
	ranking: [{ slug: 'mystery-thriller', score: 0.4 }],
	description: 'A keeper lies dead on a storm-cut island, and nobody will say what they saw.',
	problems: [],
	notes: [],
	language: 'en',
	descriptionLanguage: 'en',
	attempts: 1
};

describe('reviewReason', () => {
	it.each([
		['auto', clean, null],
		['review', clean, /reviews every book/],
		['auto', { ...clean, problems: [{ code: 'copies_transcript', message: 'the description repeats the recording' }] }, /^The description repeats the recording\.$/],
		['auto', { ...clean, categories: [] }, /^No category was chosen\.$/],
		['review', { ...clean, problems: [{ code: 'too_short', message: 'the description has 5 words' }] }, /5 words/]
	] satisfies Array<[PublishPolicy, SummaryCheckpoint, RegExp | null]>)('policy %s → %s', (policy, summary, expected) => {
		const reason = reviewReason(summary, policy);
		if (expected === null) expect(reason).toBeNull();
		else expect(reason).toMatch(expected);
	});
});

describe('review and labelled examples in the database', () => {
	let db: Db;
	let url: string;
	beforeAll(async () => {
		url = await freshDatabaseUrl(mkdtempSync(path.join(os.tmpdir(), 'earshelf-review-')));
		db = createDb(url.startsWith('mysql:') ? { dialect: 'mysql', url } : { dialect: 'sqlite', file: url.slice(7) });
		await migrateToLatest(db);
	});
	afterAll(async () => {
		await db?.destroy();
		await dropDatabase(url);
	});

	const categoriesOf = async (bookId: string) =>
		(
			await db
				.selectFrom('book_categories')
				.innerJoin('categories', 'categories.id', 'book_categories.category_id')
				.select('slug')
				.where('book_id', '=', bookId)
				.execute()
		).map((r) => r.slug);

	it('publish policy: auto by default, review once an admin sets it', async () => {
		expect(await getPublishPolicy(db)).toBe('auto');
		await setPublishPolicy(db, 'review', 1);
		expect(await getPublishPolicy(db)).toBe('review');
		await setPublishPolicy(db, 'auto', 2);
		expect(await getPublishPolicy(db)).toBe('auto');
	});

	it('holds a draft for review with its copy and categories, and never takes a published book off sale', async () => {
		const { bookId } = await insertBook(db);
		expect(await outputs.holdForReview(db, bookId, { categories: ['history'], description: 'Draft.' }, 'too short', 10)).toBe('review');
		let book = await db.selectFrom('books').selectAll().where('id', '=', bookId).executeTakeFirstOrThrow();
		expect(book).toMatchObject({ status: 'review', review_reason: 'too short', description: 'Draft.' });
		expect(await categoriesOf(bookId)).toEqual(['history']);

		await outputs.publishBook(db, bookId, { categories: ['fantasy'], description: 'Final copy.' }, 20);
		book = await db.selectFrom('books').selectAll().where('id', '=', bookId).executeTakeFirstOrThrow();
		expect(book).toMatchObject({ status: 'published', review_reason: null, description: 'Final copy.' });

		expect(await outputs.holdForReview(db, bookId, { categories: ['horror'], description: 'Worse.' }, 'junk', 30)).toBe('kept_published');
		book = await db.selectFrom('books').selectAll().where('id', '=', bookId).executeTakeFirstOrThrow();
		expect(book).toMatchObject({ status: 'published', review_reason: 'junk', description: 'Final copy.' });
		expect(await categoriesOf(bookId)).toEqual(['fantasy']);
	});

	it('keeps the categories an admin confirmed, and learns from them as labelled examples', async () => {
		const a = await insertBook(db);
		const b = await insertBook(db);
		const c = await insertBook(db);
		const history = await db.selectFrom('categories').select('id').where('slug', '=', 'history').executeTakeFirstOrThrow();
		for (const { bookId } of [a, b]) {
			await fileBook(db, bookId, [history.id]);
			await db.updateTable('books').set({ categories_confirmed_at: 5 }).where('id', '=', bookId).execute();
		}
		await outputs.publishBook(db, a.bookId, { categories: ['romance'], description: 'x' }, 40);
		expect(await categoriesOf(a.bookId)).toEqual(['history']);

		await storeBookVector(db, a.bookId, 'e5', [1, 0, 0], 50);
		await storeBookVector(db, b.bookId, 'e5', [0, 1, 0], 51);
		await storeBookVector(db, c.bookId, 'e5', [0, 0, 1], 52); // not confirmed: not an example
		const examples = await labelledExamples(db, c.bookId);
		expect(examples.get('history')).toEqual({ centroid: [0.5, 0.5, 0], count: 2, model: 'e5' });
		expect([...examples.keys()]).toEqual(['history']);
		// The book being classified is never its own example.
		expect((await labelledExamples(db, a.bookId)).get('history')?.count).toBe(1);
	});

	it('bumps the generation on redo and resume, so a rerun draws anew', async () => {
		const { bookId } = await insertBook(db);
		await steps.createSteps(db, bookId, 1);
		const generation = async () => Number((await steps.getStep(db, { bookId, step: 'summarize' }))?.generation);
		expect(await generation()).toBe(0);
		await steps.redo(db, { bookId, step: 'summarize' }, 2);
		expect(await generation()).toBe(1);
		await steps.cancel(db, bookId, 3);
		await steps.resume(db, bookId, 4);
		expect(await generation()).toBe(2);
		await steps.cancel(db, bookId, 5);
	});
});

const missing = missingModels();
describe.skipIf(!!missing)('a book with no speech, through the real sidecar', () => {
	const cleanups: Array<() => Promise<unknown>> = [];
	afterAll(async () => {
		for (const stop of cleanups.reverse()) await stop().catch(() => {});
	});

	it('waits for review with the reason instead of failing, and goes on sale when the admin accepts it', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-silence-'));
		const mp3 = path.join(dir, 'silence.mp3');
		execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=22050:cl=mono', '-t', '8', '-b:a', '32k', mp3]);
		const sidecar = await startSidecar();
		cleanups.push(() => sidecar.kill());
		const app = await startTestApp({ INFERENCE_URL: sidecar.url, PIPELINE_POLL_MS: '100' });
		cleanups.push(() => app.stop());
		const db = app.db();
		const { bookId } = await insertBook(db);
		const book = await db.selectFrom('books').select('audio_key').where('id', '=', bookId).executeTakeFirstOrThrow();
		putLocalBlob(app.dataDir, book.audio_key, readFileSync(mp3));
		await steps.createSteps(db, bookId, Date.now());

		await waitFor('publish to finish', async () => (await steps.getStep(db, { bookId, step: 'publish' }))?.status === 'succeeded', 240_000, 250);
		for (const s of await steps.listSteps(db, bookId)) expect(s.status).toBe('succeeded');
		const c = client(app.url);
		const admin = (await c.post('/api/v1/auth/sign-in', app.admin)).body.accessToken as string;
		const held = await c.get(`/api/v1/admin/books/${bookId}`, admin);
		expect(held.body.book).toMatchObject({ status: 'review' });
		expect(held.body.book.reviewReason).toMatch(/^No speech was found/);
		const catalog = await c.get('/api/v1/catalog/books');
		expect(catalog.body.books.map((b: { id: string }) => b.id)).not.toContain(bookId);

		const accepted = await c.post(`/api/v1/admin/books/${bookId}/publish`, undefined, admin);
		expect(accepted.body.book).toMatchObject({ status: 'published', reviewReason: null });
	}, 300_000);
});
