/**
 * Listening across devices, on SQLite and MariaDB: the saved position (newest observation wins, so a
 * late offline update never overwrites a later one), and the transcript as timed JSON segments for
 * the player's panel. Owners and admins only, with the audio route's errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeTranscript, storeChunk } from '../../src/lib/server/pipeline/outputs.repository';
import type { BlobStorage } from '../../src/lib/server/storage';
import { startTestApp, type TestApp } from '../helpers/app';
import { appStorage, insertBook, type TestBook } from '../helpers/books';
import { buy, signInAdmin, signUpBuyer, type Buyer } from '../helpers/store';

let app: TestApp;
let storage: BlobStorage;
let book: TestBook;
let owner: Buyer;
let stranger: Buyer;
beforeAll(async () => {
	app = await startTestApp({ PIPELINE_RUNNER: 'off' });
	storage = appStorage(app);
	book = await insertBook(app, storage, { seconds: 120 });
	[owner, stranger] = await Promise.all([signUpBuyer(app), signUpBuyer(app)]);
	await buy(owner, book.id);
});
afterAll(async () => {
	await app?.stop();
});

const positionPath = (id: string) => `/api/v1/library/${id}/position`;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const stored = (userId: string, bookId: string) =>
	app.db().selectFrom('listening_positions').selectAll().where('user_id', '=', userId).where('book_id', '=', bookId).executeTakeFirst();

describe('listening position', () => {
	it('starts at zero, saves, and resumes on another device (another sign-in)', async () => {
		expect((await owner.get(positionPath(book.id))).body).toEqual({ positionMs: 0, updatedAt: null });
		const at = iso(-60_000);
		const saved = await owner.c.put(positionPath(book.id), { positionMs: 42_500, at }, owner.token);
		expect(saved.status, JSON.stringify(saved.body)).toBe(200);
		expect(saved.body).toEqual({ positionMs: 42_500, updatedAt: at });

		const signIn = await owner.c.post('/api/v1/auth/sign-in', {
			email: (await app.db().selectFrom('users').select('email').where('id', '=', owner.id).executeTakeFirstOrThrow()).email,
			password: 'correct horse battery'
		});
		const other = await owner.c.get(positionPath(book.id), signIn.body.accessToken);
		expect(other.body).toEqual({ positionMs: 42_500, updatedAt: at });
	});

	it('keeps the newest observation: a stale update (an offline queue sent late) changes nothing', async () => {
		const newer = iso(-30_000);
		await owner.c.put(positionPath(book.id), { positionMs: 90_000, at: newer }, owner.token);
		const stale = await owner.c.put(positionPath(book.id), { positionMs: 10_000, at: iso(-60_000) }, owner.token);
		expect(stale.status).toBe(200);
		expect(stale.body).toEqual({ positionMs: 90_000, updatedAt: newer });
		// The same moment again is not newer either.
		await owner.c.put(positionPath(book.id), { positionMs: 5_000, at: newer }, owner.token);
		expect((await owner.get(positionPath(book.id))).body).toEqual({ positionMs: 90_000, updatedAt: newer });

		const later = iso(-10_000);
		const moved = await owner.c.put(positionPath(book.id), { positionMs: 30_000, at: later }, owner.token);
		expect(moved.body).toEqual({ positionMs: 30_000, updatedAt: later });
	});

	it('counts a time in the future as now, so a clock set ahead cannot pin the position', async () => {
		const ahead = await owner.c.put(positionPath(book.id), { positionMs: 60_000, at: iso(24 * 3_600_000) }, owner.token);
		expect(ahead.body.positionMs).toBe(60_000);
		expect(Date.parse(ahead.body.updatedAt)).toBeLessThanOrEqual(Date.now());
		await new Promise((r) => setTimeout(r, 20));
		const next = await owner.c.put(positionPath(book.id), { positionMs: 61_000, at: iso(0) }, owner.token);
		expect(next.body.positionMs).toBe(61_000);
	});

	it('keeps a position inside the slack at the very end as the end of the book', async () => {
		const end = await owner.c.put(positionPath(book.id), { positionMs: 121_000, at: iso(0) }, owner.token);
		expect(end.status).toBe(200);
		expect(end.body.positionMs).toBe(120_000);
	});

	it.each<[string, unknown, string]>([
		['a negative position', { positionMs: -1, at: 'NOW' }, 'positionMs'],
		['a fraction of a millisecond', { positionMs: 1.5, at: 'NOW' }, 'positionMs'],
		['a position as text', { positionMs: '1000', at: 'NOW' }, 'positionMs'],
		['a position past the end', { positionMs: 120_000 + 60_000, at: 'NOW' }, 'positionMs'],
		['no time', { positionMs: 1000 }, 'at'],
		['a time that is not ISO 8601', { positionMs: 1000, at: 'yesterday' }, 'at'],
		['a time without a zone', { positionMs: 1000, at: '2026-01-31T12:00:00' }, 'at']
	])('refuses %s with 400 naming the field, and changes nothing', async (_label, body, field) => {
		const before = await stored(owner.id, book.id);
		const input = { ...(body as object), ...((body as { at?: string }).at === 'NOW' ? { at: iso(0) } : {}) };
		const res = await owner.c.put(positionPath(book.id), input, owner.token);
		expect(res.status, JSON.stringify(res.body)).toBe(400);
		expect(res.body.error).toMatchObject({ code: 'invalid_input', field });
		expect(await stored(owner.id, book.id)).toEqual(before);
	});

	it.each([
		['application/json', '{"positionMs": 1000,'],
		['application/octet-stream', '{"positionMs": 1000}']
	])('refuses a %s body that is not JSON with 400', async (type, body) => {
		const before = await stored(owner.id, book.id);
		const res = await owner.fetch(positionPath(book.id), { method: 'PUT', body, headers: { 'content-type': type } });
		expect(res.status).toBe(400);
		expect(await stored(owner.id, book.id)).toEqual(before);
	});

	it('is for owners and admins: 401 signed out, 403 for a non-owner (nothing stored), 404 for an unknown book', async () => {
		expect((await fetch(`${app.url}${positionPath(book.id)}`)).status).toBe(401);
		const denied = await stranger.c.put(positionPath(book.id), { positionMs: 1000, at: iso(0) }, stranger.token);
		expect(denied.status).toBe(403);
		expect(denied.body.error.code).toBe('forbidden');
		expect((await stranger.get(positionPath(book.id))).status).toBe(403);
		expect(await stored(stranger.id, book.id)).toBeUndefined();

		const unknown = await owner.c.put(positionPath('0190d2b4-0000-7000-8000-000000000000'), { positionMs: 0, at: iso(0) }, owner.token);
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('not_found');

		const admin = await signInAdmin(app);
		const adminSaved = await admin.c.put(positionPath(book.id), { positionMs: 7_000, at: iso(0) }, admin.token);
		expect(adminSaved.body.positionMs).toBe(7_000);
		expect((await owner.get(positionPath(book.id))).body.positionMs).not.toBe(7_000); // each listener has their own
	});
});

describe('transcript.json', () => {
	const transcriptPath = (id: string) => `/api/v1/library/${id}/transcript.json`;

	it('says clearly when the pipeline has not produced a transcript yet', async () => {
		const res = await owner.get(transcriptPath(book.id));
		expect(res.status).toBe(404);
		expect(res.body.error).toEqual({ code: 'not_found', message: 'This book has no transcript yet.' });
	});

	it('gives the owner the segments in milliseconds, in order, without blank ones', async () => {
		const db = app.db();
		// Stored as the transcribe step stores it: chunks, then the composed transcript.
		await storeChunk(db, book.id, { index: 0, start: 0, end: 9.8, segments: [{ start: 0, end: 4.2, text: ' Chapter one. ' }, { start: 4.2, end: 9.8, text: 'The ferry left at dawn.' }] }, 'local', Date.now());
		await storeChunk(db, book.id, { index: 1, start: 9.8, end: 21.3, segments: [{ start: 9.8, end: 12.5, text: '  ' }, { start: 12.5, end: 21.3, text: 'Ruth & the <school>.' }] }, 'local', Date.now());
		await composeTranscript(db, book.id, Date.now());

		const res = await owner.get(transcriptPath(book.id));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json');
		expect(res.body).toEqual({
			segments: [
				{ startMs: 0, endMs: 4200, text: 'Chapter one.' },
				{ startMs: 4200, endMs: 9800, text: 'The ferry left at dawn.' },
				{ startMs: 12_500, endMs: 21_300, text: 'Ruth & the <school>.' }
			],
			// The step that finds chapters has not run on this book.
			chapters: []
		});
		const admin = await signInAdmin(app);
		expect((await admin.get(transcriptPath(book.id))).status).toBe(200);
	});

	it('is not for anyone else: 401 signed out, 404 for a non-owner and for an unknown book', async () => {
		expect((await fetch(`${app.url}${transcriptPath(book.id)}`)).status).toBe(401);
		expect((await stranger.get(transcriptPath(book.id))).status).toBe(404);
		expect((await owner.get(transcriptPath('0190d2b4-0000-7000-8000-000000000000'))).status).toBe(404);
	});
});
