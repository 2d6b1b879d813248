/**
 * Bookmarks and clips, on SQLite and MariaDB: created with the client's id, edited and deleted by
 * the merge rules of $lib/marks/merge.ts (newer change wins, deletion is final), within the limits
 * of $lib/marks/limits.ts, and only ever the caller's own, in a book they own.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIP_MAX_MS, MARKS_PER_BOOK, NOTE_MAX_CHARS } from '../../src/lib/marks/limits';
import type { BlobStorage } from '../../src/lib/server/storage';
import { startTestApp, type TestApp } from '../helpers/app';
import { appStorage, insertBook, type TestBook } from '../helpers/books';
import { buy, signInAdmin, signUpBuyer, type Buyer } from '../helpers/store';

let app: TestApp;
let storage: BlobStorage;
let book: TestBook;
let otherBook: TestBook;
let owner: Buyer;
let secondOwner: Buyer;
let stranger: Buyer;
beforeAll(async () => {
	app = await startTestApp({ PIPELINE_RUNNER: 'off' });
	storage = appStorage(app);
	[book, otherBook] = await Promise.all([insertBook(app, storage, { seconds: 120 }), insertBook(app, storage, { seconds: 60 })]);
	[owner, secondOwner, stranger] = await Promise.all([signUpBuyer(app), signUpBuyer(app), signUpBuyer(app)]);
	await buy(owner, book.id, otherBook.id);
	await buy(secondOwner, book.id);
});
afterAll(async () => {
	await app?.stop();
});

const marksPath = (bookId: string) => `/api/v1/library/${bookId}/marks`;
const markPath = (bookId: string, id: string) => `${marksPath(bookId)}/${id}`;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const rows = (userId: string) => app.db().selectFrom('book_marks').selectAll().where('user_id', '=', userId).orderBy('id').execute();
const bookmark = (startMs: number, note = '', at = iso(0)) => ({ kind: 'bookmark', startMs, endMs: null, note, at });
const clip = (startMs: number, endMs: number, note = '', at = iso(0)) => ({ kind: 'clip', startMs, endMs, note, at });
const list = async (who: Buyer, bookId = book.id) => (await who.get(marksPath(bookId))).body.marks as Array<Record<string, unknown>>;

describe('marks', () => {
	it('saves a bookmark and a clip with client ids and lists them in book order on another device', async () => {
		const [b, c] = [randomUUID(), randomUUID()];
		const at = iso(-60_000);
		const saved = await owner.c.put(markPath(book.id, b), bookmark(90_000, '  The ferry scene  ', at), owner.token);
		expect(saved.status, JSON.stringify(saved.body)).toBe(200);
		expect(saved.body.mark).toMatchObject({ id: b, kind: 'bookmark', startMs: 90_000, endMs: null, note: 'The ferry scene', changedAt: at });
		expect((await owner.c.put(markPath(book.id, c), clip(10_000, 40_000, 'Opening'), owner.token)).status).toBe(200);

		const signIn = await owner.c.post('/api/v1/auth/sign-in', {
			email: (await app.db().selectFrom('users').select('email').where('id', '=', owner.id).executeTakeFirstOrThrow()).email,
			password: 'correct horse battery'
		});
		const other = await owner.c.get(marksPath(book.id), signIn.body.accessToken);
		expect(other.body.marks.map((m: { id: string }) => m.id)).toEqual([c, b]);
		expect(other.body.marks[0]).toMatchObject({ kind: 'clip', startMs: 10_000, endMs: 40_000, note: 'Opening' });
	});

	it('keeps the newer change: an edit queued offline and sent late changes nothing', async () => {
		const id = randomUUID();
		await owner.c.put(markPath(book.id, id), bookmark(5_000, 'v1', iso(-50_000)), owner.token);
		const newer = await owner.c.put(markPath(book.id, id), bookmark(6_000, 'v2', iso(-10_000)), owner.token);
		expect(newer.body.mark).toMatchObject({ startMs: 6_000, note: 'v2' });
		const stale = await owner.c.put(markPath(book.id, id), bookmark(7_000, 'stale', iso(-30_000)), owner.token);
		expect(stale.status).toBe(200);
		expect(stale.body.mark).toMatchObject({ startMs: 6_000, note: 'v2' });
		expect((await list(owner)).find((m) => m.id === id)).toMatchObject({ note: 'v2' });
	});

	it('deletes for good: a later edit from another phone does not bring the mark back', async () => {
		const id = randomUUID();
		await owner.c.put(markPath(book.id, id), bookmark(5_000, 'doomed', iso(-50_000)), owner.token);
		const deleted = await owner.c.del(`${markPath(book.id, id)}?at=${encodeURIComponent(iso(-40_000))}`, owner.token);
		expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
		expect(deleted.body).toEqual({ mark: null });
		const revived = await owner.c.put(markPath(book.id, id), bookmark(8_000, 'edited on the other phone', iso(-1_000)), owner.token);
		expect(revived.body).toEqual({ mark: null });
		expect((await list(owner)).some((m) => m.id === id)).toBe(false);
		const row = (await rows(owner.id)).find((r) => r.id === id);
		expect(row).toMatchObject({ deleted: 1, note: '' }); // the tombstone keeps no text
	});

	it('keeps a delete that arrives before the creation (two phones, both offline)', async () => {
		const id = randomUUID();
		expect((await owner.c.del(markPath(book.id, id), owner.token)).status).toBe(200);
		const created = await owner.c.put(markPath(book.id, id), bookmark(1_000, 'made offline', iso(-60_000)), owner.token);
		expect(created.body).toEqual({ mark: null });
		expect((await list(owner)).some((m) => m.id === id)).toBe(false);
	});

	it('clamps times inside the slack at the end to the end of the book', async () => {
		const res = await owner.c.put(markPath(book.id, randomUUID()), clip(100_000, 122_000), owner.token);
		expect(res.status).toBe(200);
		expect(res.body.mark).toMatchObject({ startMs: 100_000, endMs: 120_000 });
	});

	it.each<[string, Record<string, unknown>, string]>([
		['an unknown kind', { ...bookmark(0), kind: 'highlight' }, 'kind'],
		['a negative start', bookmark(-1), 'startMs'],
		['a fractional start', bookmark(1.5), 'startMs'],
		['a start past the end', bookmark(120_000 + 60_000), 'startMs'],
		['a bookmark with an end', { ...bookmark(0), endMs: 5_000 }, 'endMs'],
		['a clip without an end', { ...clip(0, 1), endMs: null }, 'endMs'],
		['a clip ending where it starts', clip(5_000, 5_000), 'endMs'],
		['a clip ending before it starts', clip(5_000, 4_000), 'endMs'],
		['a clip past the end', clip(100_000, 200_000), 'endMs'],
		['a clip over the longest allowed', clip(0, CLIP_MAX_MS + 1), 'endMs'],
		['a note that is too long', bookmark(0, 'x'.repeat(NOTE_MAX_CHARS + 1)), 'note'],
		['a note that is not text', { ...bookmark(0), note: 5 }, 'note'],
		['no time', { kind: 'bookmark', startMs: 0, endMs: null, note: '' }, 'at'],
		['a time without a zone', { ...bookmark(0), at: '2026-01-31T12:00:00' }, 'at']
	])('refuses %s with 400 naming the field, and changes nothing', async (_label, body, field) => {
		const before = await rows(owner.id);
		const res = await owner.c.put(markPath(book.id, randomUUID()), body, owner.token);
		expect(res.status, JSON.stringify(res.body)).toBe(400);
		expect(res.body.error).toMatchObject({ code: 'invalid_input', field });
		expect(await rows(owner.id)).toEqual(before);
	});

	it('refuses an id that is not a UUID, and a delete time that is not ISO 8601', async () => {
		const before = await rows(owner.id);
		const bad = await owner.c.put(markPath(book.id, 'my-mark'), bookmark(0), owner.token);
		expect(bad.status).toBe(400);
		expect(bad.body.error.code).toBe('invalid_input');
		const badDelete = await owner.c.del(`${markPath(book.id, randomUUID())}?at=yesterday`, owner.token);
		expect(badDelete.status).toBe(400);
		expect(badDelete.body.error).toMatchObject({ code: 'invalid_input', field: 'at' });
		expect(await rows(owner.id)).toEqual(before);
	});

	it('refuses to move an id to another book with 409', async () => {
		const id = randomUUID();
		await owner.c.put(markPath(book.id, id), bookmark(1_000), owner.token);
		const moved = await owner.c.put(markPath(otherBook.id, id), bookmark(1_000), owner.token);
		expect(moved.status).toBe(409);
		expect(moved.body.error).toMatchObject({ code: 'conflict', field: 'id' });
		expect(await list(owner, otherBook.id)).toEqual([]);
	});

	it(`stops at ${MARKS_PER_BOOK} marks in a book with 409, and a delete makes room`, async () => {
		const db = app.db();
		const now = Date.now();
		const live = Number((await db.selectFrom('book_marks').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', owner.id).where('book_id', '=', otherBook.id).where('deleted', '=', 0).executeTakeFirstOrThrow()).n);
		const ids = Array.from({ length: MARKS_PER_BOOK - live }, () => randomUUID());
		await db
			.insertInto('book_marks')
			.values(ids.map((id, i) => ({ user_id: owner.id, id, book_id: otherBook.id, kind: 'bookmark' as const, start_ms: i, end_ms: null, note: '', deleted: 0, changed_at: now, created_at: now, updated_at: now })))
			.execute();
		const full = await owner.c.put(markPath(otherBook.id, randomUUID()), bookmark(1_000), owner.token);
		expect(full.status).toBe(409);
		expect(full.body.error.code).toBe('conflict');
		// Editing one that exists is still fine.
		expect((await owner.c.put(markPath(otherBook.id, ids[0]!), bookmark(2_000, 'edit'), owner.token)).body.mark.note).toBe('edit');
		await owner.c.del(markPath(otherBook.id, ids[1]!), owner.token);
		expect((await owner.c.put(markPath(otherBook.id, randomUUID()), bookmark(1_000), owner.token)).status).toBe(200);
	});

	it('keeps each listener to their own marks, even with the same id', async () => {
		const id = randomUUID();
		await owner.c.put(markPath(book.id, id), bookmark(3_000, 'mine'), owner.token);
		const before = await rows(owner.id);
		// Another owner of the book using the same id makes their own mark, and cannot delete the first.
		const theirs = await secondOwner.c.put(markPath(book.id, id), bookmark(4_000, 'theirs'), secondOwner.token);
		expect(theirs.body.mark).toMatchObject({ id, note: 'theirs' });
		await secondOwner.c.del(markPath(book.id, id), secondOwner.token);
		expect(await rows(owner.id)).toEqual(before);
		expect((await list(secondOwner)).map((m) => m.note)).toEqual([]);
		expect((await list(owner)).find((m) => m.id === id)).toMatchObject({ note: 'mine' });
	});

	it('is for owners and admins: 401 signed out, 403 for a non-owner (nothing stored), 404 for an unknown book', async () => {
		expect((await fetch(`${app.url}${marksPath(book.id)}`)).status).toBe(401);
		expect((await stranger.get(marksPath(book.id))).status).toBe(403);
		const denied = await stranger.c.put(markPath(book.id, randomUUID()), bookmark(1_000), stranger.token);
		expect(denied.status).toBe(403);
		expect(denied.body.error.code).toBe('forbidden');
		expect((await stranger.c.del(markPath(book.id, randomUUID()), stranger.token)).status).toBe(403);
		expect(await rows(stranger.id)).toEqual([]);
		// The second owner does not own the other book.
		expect((await secondOwner.get(marksPath(otherBook.id))).status).toBe(403);

		const unknown = await owner.c.put(markPath('0190d2b4-0000-7000-8000-000000000000', randomUUID()), bookmark(0), owner.token);
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('not_found');

		const admin = await signInAdmin(app);
		expect((await admin.c.put(markPath(book.id, randomUUID()), bookmark(7_000, 'admin'), admin.token)).status).toBe(200);
		expect((await list(owner)).some((m) => m.note === 'admin')).toBe(false);
	});
});
