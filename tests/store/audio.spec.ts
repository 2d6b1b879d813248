/**
 * Audio through the app: the free preview never sends a byte past its cap, and the library route
 * serves the whole book to its owner (or an admin) with HTTP Range semantics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { appStorage, insertBook, type TestBook } from '../helpers/books';
import { buy, signInAdmin, signUpBuyer, type Buyer } from '../helpers/store';
import type { BlobStorage } from '../../src/lib/server/storage';

let app: TestApp;
let storage: BlobStorage;
let book: TestBook;
let owner: Buyer;
beforeAll(async () => {
	app = await startTestApp({ PREVIEW_SECONDS: '30' });
	storage = appStorage(app);
	book = await insertBook(app, storage, { title: 'Range: "Book" / Part 1', author: 'Ünïcode Author', seconds: 120 });
	owner = await signUpBuyer(app);
	await buy(owner, book.id);
});
afterAll(async () => {
	await app?.stop();
});

const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('preview', () => {
	const cap = () => Math.floor((book.audio_size * 30) / 120);

	type Case = [label: string, range: string | undefined | (() => string), status: number, expected: () => number[] | null];
	it.each<Case>([
		['no Range', undefined, 200, () => [0, cap() - 1]],
		['bytes=0-1', 'bytes=0-1', 206, () => [0, 1]],
		['a suffix, of the preview', 'bytes=-500', 206, () => [cap() - 500, cap() - 1]],
		['an open end inside the cap', () => `bytes=${cap() - 100}-`, 206, () => [cap() - 100, cap() - 1]],
		['a range across the cap', () => `bytes=${cap() - 10}-${cap() + 10_000}`, 206, () => [cap() - 10, cap() - 1]],
		['the whole file asked for', () => `bytes=0-${book.audio_size - 1}`, 206, () => [0, cap() - 1]],
		['a suffix longer than the preview', () => `bytes=-${book.audio_size}`, 206, () => [0, cap() - 1]],
		['a start at the cap', () => `bytes=${cap()}-`, 416, () => null],
		['a start far past the cap', () => `bytes=${book.audio_size - 10}-${book.audio_size - 1}`, 416, () => null]
	])('%s: never a byte past the cap', async (_label, range, status, expected) => {
		const header = typeof range === 'function' ? range() : range;
		for (const who of ['anonymous', 'owner'] as const) {
			const headers = header ? { range: header } : undefined;
			const res =
				who === 'owner'
					? await owner.fetch(`/api/v1/catalog/books/${book.id}/preview`, { headers })
					: await fetch(`${app.url}/api/v1/catalog/books/${book.id}/preview`, { headers });
			expect(res.status, `${who} ${header}`).toBe(status);
			const body = await bytes(res);
			const span = expected();
			if (!span) {
				expect(res.headers.get('content-range')).toBe(`bytes */${cap()}`);
				expect(body.length).toBe(0);
				continue;
			}
			const [start = 0, end = 0] = span;
			expect(body.equals(book.audio.subarray(start, end + 1)), `${who} ${header}`).toBe(true);
			expect(Number(res.headers.get('content-length'))).toBe(end - start + 1);
			if (status === 206) expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${cap()}`);
			expect(res.headers.get('accept-ranges')).toBe('bytes');
			expect(res.headers.get('content-type')).toBe('audio/mpeg');
		}
	});

	it('has no preview for a draft or an unknown book', async () => {
		const draft = await insertBook(app, storage, { status: 'draft' });
		expect((await fetch(`${app.url}/api/v1/catalog/books/${draft.id}/preview`)).status).toBe(404);
		expect((await fetch(`${app.url}/api/v1/catalog/books/nope/preview`)).status).toBe(404);
	});
});

describe('library audio', () => {
	const audio = (path = '') => `/api/v1/library/${book.id}/audio${path}`;

	it('streams the whole book to its owner, with ETag and Accept-Ranges', async () => {
		const res = await owner.fetch(audio());
		expect(res.status).toBe(200);
		expect(res.headers.get('accept-ranges')).toBe('bytes');
		expect(res.headers.get('content-length')).toBe(String(book.audio_size));
		expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
		expect(res.headers.get('content-disposition')).toBeNull();
		expect((await bytes(res)).equals(book.audio)).toBe(true);
	});

	it.each<[string, number, () => number[] | null]>([
		['bytes=0-1', 206, () => [0, 1]],
		['bytes=-500', 206, () => [book.audio_size - 500, book.audio_size - 1]],
		['bytes=1000-', 206, () => [1000, book.audio_size - 1]],
		['bytes=10-9999999999', 206, () => [10, book.audio_size - 1]],
		['bytes=SIZE-', 416, () => null],
		['bytes=SIZE-SIZE+10', 416, () => null]
	])('Range %s', async (range, status, expected) => {
		const header = range.replace(/SIZE\+10/, String(book.audio_size + 10)).replace(/SIZE/g, String(book.audio_size));
		const res = await owner.fetch(audio(), { headers: { range: header } });
		expect(res.status).toBe(status);
		const span = expected();
		const body = await bytes(res);
		if (!span) {
			expect(res.headers.get('content-range')).toBe(`bytes */${book.audio_size}`);
			return;
		}
		const [start = 0, end = 0] = span;
		expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${book.audio_size}`);
		expect(body.equals(book.audio.subarray(start, end + 1))).toBe(true);
	});

	it('answers 304 to a matching If-None-Match, and ignores a stale If-Range', async () => {
		const etag = (await owner.fetch(audio(), { headers: { range: 'bytes=0-0' } })).headers.get('etag')!;
		expect((await owner.fetch(audio(), { headers: { 'if-none-match': etag } })).status).toBe(304);
		const fresh = await owner.fetch(audio(), { headers: { range: 'bytes=0-1', 'if-range': etag } });
		expect(fresh.status).toBe(206);
		const stale = await owner.fetch(audio(), { headers: { range: 'bytes=0-1', 'if-range': '"old"' } });
		expect(stale.status).toBe(200);
		expect((await bytes(stale)).length).toBe(book.audio_size);
	});

	it('?download=1 is an attachment with a safe file name', async () => {
		const res = await owner.fetch(audio('?download=1'));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toBe(
			`attachment; filename="Range Book Part 1 - _n_code Author.mp3"; filename*=UTF-8''Range%20Book%20Part%201%20-%20%C3%9Cn%C3%AFcode%20Author.mp3`
		);
		await res.arrayBuffer();
	});

	it('is refused to other buyers (403), open to admins, 404 for an unknown id and 401 without sign-in', async () => {
		const other = await signUpBuyer(app);
		const refused = await other.fetch(audio(), { headers: { range: 'bytes=0-1' } });
		expect(refused.status).toBe(403);
		expect((await refused.json()).error.code).toBe('forbidden');
		expect((await other.get(`/api/v1/library/${book.id}/url`)).status).toBe(403);
		const admin = await signInAdmin(app);
		const res = await admin.fetch(audio(), { headers: { range: 'bytes=0-1' } });
		expect(res.status).toBe(206);
		await res.arrayBuffer();
		expect((await owner.fetch('/api/v1/library/no-such-book/audio')).status).toBe(404);
		expect((await fetch(`${app.url}${audio()}`)).status).toBe(401);
	});

	it('lists the book in the owner’s library; local storage has no direct URL', async () => {
		const lib = await owner.get('/api/v1/library');
		expect(lib.status).toBe(200);
		expect(lib.body.books).toEqual([
			expect.objectContaining({ id: book.id, title: book.title, audioPath: `/api/v1/library/${book.id}/audio` })
		]);
		const url = await owner.get(`/api/v1/library/${book.id}/url`);
		expect(url.status).toBe(200);
		expect(url.body).toEqual({ url: null, expiresAt: null, streamPath: `/api/v1/library/${book.id}/audio` });
	});
});
