/**
 * Two app instances and two REAL sidecars on one MariaDB database and one S3 server (versitygw), the
 * way several machines behind a load balancer run: every pipeline step runs once, a console on
 * either instance sees the events of steps the other ran, sessions and revocations hold on both, and
 * 20 checkouts of one cart split across the instances make one order. MariaDB only: SQLite is the
 * single-machine default. The sidecar part is skipped, with the reason, without `make models`.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as steps from '../../src/lib/server/pipeline/steps.repository';
import { dropDatabase, freshDatabaseUrl, startTestApp, testDialect, type TestApp } from '../helpers/app';
import { appStorage, insertBook as insertStoreBook } from '../helpers/books';
import { client, uniqueEmail } from '../helpers/http';
import { insertBook, LIGHTHOUSE_TEXT, missingModels, sessionCookie, speechMp3, startSidecar, waitFor, type Sidecar } from '../helpers/pipeline';
import { signUpBuyer } from '../helpers/store';
import { s3AppEnv, startS3Server, type S3Server } from '../services/s3-server';

const onMysql = testDialect() === 'mysql';
const missing = missingModels();
if (onMysql && missing) console.warn(`[scale-out] pipeline part skipped: ${missing}`);

// Three books of the same minute of speech: two sidecars, and one runner per instance taking them in turn.
const BOOKS = 3;

let s3: S3Server;
let a: TestApp;
let b: TestApp;
let sidecars: Sidecar[] = [];
beforeAll(async () => {
	if (!onMysql) return;
	s3 = await startS3Server();
	if (!missing) sidecars = [await startSidecar(), await startSidecar()];
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-scale-'));
	// What every instance of one store shares: the database, the bucket and the secrets.
	const shared = {
		...s3AppEnv(s3),
		DATABASE_URL: await freshDatabaseUrl(dataDir, 'mysql'),
		JWT_PRIVATE_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
		TOKEN_SECRET: randomBytes(32).toString('base64url'),
		AUTH_SECRET: randomBytes(32).toString('base64url'),
		PIPELINE_POLL_MS: '100',
		PIPELINE_LEASE_SECONDS: '60'
	};
	// One after the other: the first start migrates and creates the first admin.
	a = await startTestApp({ ...shared, INFERENCE_URL: sidecars[0]?.url ?? 'http://127.0.0.1:9' });
	b = await startTestApp({ ...shared, INFERENCE_URL: sidecars[1]?.url ?? 'http://127.0.0.1:9' });
	b.admin = a.admin;
}, 300_000);
afterAll(async () => {
	await b?.stop();
	await a?.stop();
	if (a) await dropDatabase(a.databaseUrl);
	for (const s of sidecars) await s.kill();
	await s3?.stop();
});

interface ConsoleMessage {
	type: string;
	id?: number;
	bookId?: string;
	kind?: string;
	data?: Record<string, unknown>;
}

function openConsole(app: TestApp, cookie: string) {
	const messages: ConsoleMessage[] = [];
	const ws = new WebSocket(`${app.url.replace('http', 'ws')}/ws/admin/console`, { headers: { cookie, origin: app.url } });
	ws.on('message', (data) => messages.push(JSON.parse(String(data)) as ConsoleMessage));
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	return { ws, opened, events: () => messages.filter((m) => m.type === 'event') };
}

describe.skipIf(!onMysql)('two instances on one MariaDB and one S3 server', () => {
	it('a session made on A works on B, and signing it out on B ends it on A within the session-check second', async () => {
		const email = uniqueEmail('scale');
		const onA = client(a.url);
		const signedUp = await onA.post('/api/v1/auth/sign-up', { email, password: 'correct horse battery', name: 'Scale' });
		expect(signedUp.status).toBe(201);
		const onB = client(b.url);
		expect((await onB.get('/api/v1/auth/me', signedUp.body.accessToken)).status).toBe(200);
		const refreshed = await onB.post('/api/v1/auth/refresh', { refreshToken: signedUp.body.refreshToken });
		expect(refreshed.status).toBe(200);
		expect((await onA.get('/api/v1/auth/me', refreshed.body.accessToken)).status).toBe(200);

		expect((await onB.post('/api/v1/auth/sign-out', undefined, refreshed.body.accessToken)).status).toBe(204);
		// A checked this session a moment ago and keeps that for SESSION_CHECK_CACHE_MS (1 s by default):
		// B's sign-out reaches A's access-token check within that (3 s allowed for a busy machine), and
		// refreshing is refused at once.
		expect((await onA.post('/api/v1/auth/refresh', { refreshToken: refreshed.body.refreshToken })).status).toBe(401);
		await expect.poll(async () => (await onA.get('/api/v1/auth/me', refreshed.body.accessToken)).status, { timeout: 3_000, interval: 50 }).toBe(401);

		// A browser session cookie from A is honoured by B's pages, and B's revocation holds on A.
		const cookie = await sessionCookie(a.url, email, 'correct horse battery');
		const meB = await fetch(`${b.url}/api/v1/auth/me`, { headers: { cookie } });
		expect(meB.status).toBe(200);
		const signIn = await onB.post('/api/v1/auth/sign-in', { email, password: 'correct horse battery' });
		expect((await onB.post('/api/v1/auth/sign-out-all', undefined, signIn.body.accessToken)).status).toBe(204);
		expect((await fetch(`${a.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(401);
	});

	it('20 checkouts of one cart, half on A and half on B, make one order', async () => {
		const storage = appStorage(a, s3);
		const one = await insertStoreBook(a, storage, { title: 'Scaled One', price_minor: 12000, seconds: 5 });
		const two = await insertStoreBook(a, storage, { title: 'Scaled Two', price_minor: 8000, seconds: 5 });
		const buyer = await signUpBuyer(a);
		for (const id of [one.id, two.id]) expect((await buyer.c.post('/api/v1/cart', { bookId: id }, buyer.token)).status).toBe(200);
		const cartId = (await buyer.get('/api/v1/cart')).body.cart.id as string;
		const answers = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				fetch(`${i % 2 ? b.url : a.url}/api/v1/checkout`, {
					method: 'POST',
					headers: { authorization: `Bearer ${buyer.token}`, 'content-type': 'application/json', 'x-forwarded-for': buyer.c.ip },
					body: JSON.stringify({ cartId })
				}).then(async (r) => ({ status: r.status, order: ((await r.json()) as { order?: { id: string; totalMinor: number } }).order }))
			)
		);
		expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
		expect(answers.every((r) => r.status === 201 || r.status === 200)).toBe(true);
		expect(new Set(answers.map((r) => r.order?.id)).size).toBe(1);
		expect(answers[0]!.order?.totalMinor).toBe(20000);
		const db = a.db();
		expect(await db.selectFrom('orders').select('id').where('user_id', '=', buyer.id).execute()).toHaveLength(1);
		const owned = await db.selectFrom('ownerships').select('book_id').where('user_id', '=', buyer.id).execute();
		expect(owned.map((o) => o.book_id).sort()).toEqual([one.id, two.id].sort());
		// Both instances stream the bought book from the shared bucket.
		for (const app of [a, b]) {
			const audio = await fetch(`${app.url}/api/v1/library/${one.id}/audio`, { headers: { authorization: `Bearer ${buyer.token}`, range: 'bytes=0-99' } });
			expect(audio.status).toBe(206);
			expect(Buffer.from(await audio.arrayBuffer())).toEqual(one.audio.subarray(0, 100));
		}
	});

	it.skipIf(!!missing)('books through the pipeline: each step runs once, and both consoles see every event', async () => {
		const db = a.db();
		const storage = appStorage(a, s3);
		const dir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-speech-'));
		const cookie = await sessionCookie(a.url, a.admin.email, a.admin.password);
		const consoles = [openConsole(a, cookie), openConsole(b, cookie)];
		await Promise.all(consoles.map((c) => c.opened));

		const speech = readFileSync(speechMp3(LIGHTHOUSE_TEXT, path.join(dir, 'book.mp3')));
		const bookIds: string[] = [];
		for (let i = 0; i < BOOKS; i++) {
			const { bookId } = await insertBook(db, { title: `Scaled ${i}` });
			const book = await db.selectFrom('books').select('audio_key').where('id', '=', bookId).executeTakeFirstOrThrow();
			await storage.put(book.audio_key, Readable.from([speech]), { contentType: 'audio/mpeg' });
			bookIds.push(bookId);
		}
		for (const bookId of bookIds) await steps.createSteps(db, bookId, Date.now());

		await waitFor('every book to be through the pipeline', async () => {
			const rows = await db.selectFrom('pipeline_steps').select(['book_id', 'step', 'status', 'error']).where('book_id', 'in', bookIds).execute();
			const failed = rows.find((r) => r.status === 'failed');
			if (failed) throw new Error(`${failed.step} failed: ${failed.error}`);
			return rows.length === bookIds.length * steps.STEP_ORDER.length && rows.every((r) => r.status === 'succeeded');
		}, 840_000, 500);

		const rows = await db.selectFrom('pipeline_steps').select(['book_id', 'step', 'attempts', 'error']).where('book_id', 'in', bookIds).execute();
		// A step run twice says which and why (its last error: a retried deadlock, for one).
		const again = rows.filter((r) => Number(r.attempts) !== 1);
		expect(rows.map((r) => r.attempts), JSON.stringify(again)).toEqual(rows.map(() => 1));
		const events = await db.selectFrom('pipeline_events').select(['id', 'book_id', 'type', 'payload']).where('book_id', 'in', bookIds).orderBy('id').execute();
		const stepEvents = events.filter((e) => e.type === 'step').map((e) => ({ bookId: e.book_id, ...(JSON.parse(e.payload) as { step: string; status: string; runner?: string }) }));
		// Exactly one start and one success per step: no step ran twice, on either instance.
		for (const bookId of bookIds) {
			for (const step of steps.STEP_ORDER) {
				const mine = stepEvents.filter((e) => e.bookId === bookId && e.step === step);
				expect(mine.map((e) => e.status), `${bookId} ${step}`).toEqual(['running', 'succeeded']);
			}
		}
		// Both instances ran steps (a runner does one step at a time, so neither can take them all).
		const runners = new Set(stepEvents.filter((e) => e.status === 'running').map((e) => e.runner?.split(':')[1]));
		expect(runners).toEqual(new Set([String(a.pid), String(b.pid)]));
		expect(sidecars.every((s) => s.startChunks().length > 0)).toBe(true);

		// Each console got every event of these books, in order, whichever instance wrote it.
		const ids = events.map((e) => e.id);
		for (const c of consoles) {
			await waitFor('the console to catch up', async () => c.events().filter((m) => bookIds.includes(m.bookId!)).length >= ids.length, 10_000);
			expect(c.events().filter((m) => bookIds.includes(m.bookId!)).map((m) => m.id)).toEqual(ids);
			c.ws.close();
		}
		// Every book ended on sale, or waiting for an admin with the reason (copy that missed a check).
		const finished = await db.selectFrom('books').select(['status', 'review_reason']).where('id', 'in', bookIds).execute();
		for (const book of finished) {
			expect(['published', 'review']).toContain(book.status);
			if (book.status === 'review') expect(book.review_reason).toBeTruthy();
		}
	}, 900_000);
});
