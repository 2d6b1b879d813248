/**
 * Covers end to end against the production build (local storage), on SQLite and MariaDB: an admin's
 * cover at upload and later, the picture inside the audio file, drawn covers, the renditions and their
 * caching, who may see a draft's cover, and bad images — each refusal checked for a clear error and for
 * leaving the book's row and the blob store as they were.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegClaiming, photo, pngClaiming } from '../../src/lib/server/covers/fixtures';
import { startTestApp, type TestApp } from '../helpers/app';
import { bookFields, filesUnder, footprint, makeAudio, signInAdmin, upload, type FormPart } from '../helpers/admin-upload';
import { audioWithPicture, deleteCover, getCover, putCover } from '../helpers/covers';
import { buy, signUpBuyer } from '../helpers/store';

let app: TestApp;
let appTmp: string;
let audio: ReturnType<typeof makeAudio>;
let token: string;
let jpeg: Buffer;
let png: Buffer;
let webp: Buffer;

beforeAll(async () => {
	audio = makeAudio();
	appTmp = mkdtempSync(join(tmpdir(), 'earshelf-apptmp-'));
	[jpeg, png, webp] = await Promise.all([photo('jpeg'), photo('png', 700, 700), photo('webp')]);
	app = await startTestApp({ TMPDIR: appTmp, PIPELINE_RUNNER: 'off' });
	token = await signInAdmin(app);
});
afterAll(async () => {
	await app?.stop();
	rmSync(audio.dir, { recursive: true, force: true });
	rmSync(appTmp, { recursive: true, force: true });
});

const audioPart = (path = audio.file('book.mp3')): FormPart => ({ name: 'audio', filename: 'book.mp3', type: 'audio/mpeg', path });
const coverPart = (data: Buffer, filename = 'cover.jpg', type = 'image/jpeg'): FormPart => ({ name: 'cover', filename, type, data });
const coverBlobs = async (bookId: string) => (await filesUnder(join(app.dataDir, 'blobs', 'objects', 'covers', bookId))).sort();
const bookRow = (id: string) => app.db().selectFrom('books').select(['cover_hash', 'cover_source', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();

async function newBook(parts: FormPart[] = [audioPart()], overrides = {}) {
	const res = await upload(app, token, [...bookFields(overrides), ...parts]);
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.body.book as { id: string; cover: string; coverSource: string | null };
}

async function expectRenditions(base: string, headers: Record<string, string> = {}) {
	for (const width of [160, 320, 640]) {
		const res = await getCover(app, `${base}/${width}.webp`, headers);
		expect(res.status, `${base}/${width}.webp`).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/webp');
		expect(await sharp(res.bytes).metadata()).toMatchObject({ format: 'webp', width, height: width });
	}
}

describe('a cover uploaded with the book', () => {
	it('is checked, resized and stored before the book exists, and named by its content', async () => {
		const book = await newBook([coverPart(png, 'cover.png', 'image/png'), audioPart()]);
		expect(book.coverSource).toBe('upload');
		const { cover_hash } = await bookRow(book.id);
		expect(book.cover).toBe(`/covers/${book.id}/${cover_hash}`);
		expect(await coverBlobs(book.id)).toEqual([`${cover_hash}/160.webp`, `${cover_hash}/320.webp`, `${cover_hash}/640.webp`]);
		await expectRenditions(book.cover, { authorization: `Bearer ${token}` });
	});

	it('is optional: an empty file input sends an empty part, which means "no cover"', async () => {
		const book = await newBook([{ name: 'cover', filename: '', type: 'application/octet-stream', data: Buffer.alloc(0) }, audioPart()]);
		expect(book.coverSource).toBeNull();
		expect(book.cover).toMatch(new RegExp(`^/covers/${book.id}/g[0-9a-f]{23}$`));
	});

	const refusals: Array<[string, () => FormPart[], number, RegExp]> = [
		['a text file named .jpg', () => [coverPart(Buffer.from('not a picture\n'.repeat(40))), audioPart()], 400, /not a JPEG, PNG or WebP/],
		['a GIF', () => [coverPart(Buffer.from('GIF89a' + '\0'.repeat(200)), 'cover.gif', 'image/gif'), audioPart()], 400, /not a JPEG, PNG or WebP/],
		['a JPEG cut short', () => [coverPart(jpeg.subarray(0, jpeg.length >> 1)), audioPart()], 400, /damaged or cut short/],
		['a decompression bomb', () => [coverPart(pngClaiming(png, 60_000, 60_000), 'bomb.png', 'image/png'), audioPart()], 413, /megapixels/],
		['an image over 10 MiB', () => [coverPart(Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * 1024)])), audioPart()], 413, /larger than 10 MiB/],
		['a cover after the audio', () => [audioPart(), coverPart(jpeg)], 400, /came after the audio/],
		['two covers', () => [coverPart(jpeg), coverPart(png, 'b.png', 'image/png'), audioPart()], 400, /one "cover" part at most/]
	];
	it('refuses a second audio part (which would replace the first) and leaves nothing behind', async () => {
		const before = await footprint(app, appTmp);
		const res = await upload(app, token, [...bookFields(), audioPart(), audioPart(audio.file('book.m4a'))]);
		expect(res.status, JSON.stringify(res.body)).toBe(400);
		expect(res.body.error.message).toMatch(/exactly one "audio" part/);
		expect(await footprint(app, appTmp)).toEqual(before);
	});

	it.each(refusals)('refuses %s and leaves nothing behind', async (_name, parts, status, message) => {
		const before = await footprint(app, appTmp);
		const res = await upload(app, token, [...bookFields(), ...parts()]);
		expect(res.status, JSON.stringify(res.body)).toBe(status);
		expect(res.body.error.message).toMatch(message);
		expect(res.body.error.field).toBe('cover');
		expect(await footprint(app, appTmp)).toEqual(before);
	});
});

describe('the picture inside the audio file', () => {
	it.each(['mp3', 'm4a'] as const)('becomes the cover of an %s uploaded without one', async (kind) => {
		const files = audioWithPicture(audio.dir, jpeg, 'jpg');
		const book = await newBook([audioPart(files[kind])]);
		expect(book.coverSource).toBe('audio');
		const row = await bookRow(book.id);
		expect(row.cover_source).toBe('audio');
		expect(await coverBlobs(book.id)).toHaveLength(3);
		// The rendition is the embedded picture: its colours (red with a blue triangle) survive.
		const small = await getCover(app, `${book.cover}/160.webp`, { authorization: `Bearer ${token}` });
		const { data } = await sharp(small.bytes).extract({ left: 150, top: 5, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
		expect(data[0]!).toBeGreaterThan(150);
	});

	it("gives way to the admin's own cover", async () => {
		const files = audioWithPicture(audio.dir, jpeg, 'jpg');
		const book = await newBook([coverPart(webp, 'mine.webp', 'image/webp'), audioPart(files.mp3)]);
		expect(book.coverSource).toBe('upload');
	});

	it('is skipped when it is not a usable picture (the book gets a drawn cover)', async () => {
		const files = audioWithPicture(audio.dir, await photo('png', 40, 40), 'png');
		const book = await newBook([audioPart(files.m4a)]);
		expect(book.coverSource).toBeNull();
		expect(await coverBlobs(book.id)).toEqual([]);
	});
});

describe('replacing and removing a cover', () => {
	it('stores the new renditions, points the book at them, and deletes the old ones', async () => {
		const book = await newBook([coverPart(jpeg), audioPart()]);
		const oldHash = (await bookRow(book.id)).cover_hash!;
		const replaced = await putCover(app, token, book.id, png, 'image/png');
		expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
		const newHash = (await bookRow(book.id)).cover_hash!;
		expect(newHash).not.toBe(oldHash);
		expect(replaced.body.cover).toBe(`/covers/${book.id}/${newHash}`);
		expect(await coverBlobs(book.id)).toEqual([`${newHash}/160.webp`, `${newHash}/320.webp`, `${newHash}/640.webp`]);
		// The old URL is not the cover any more: a stale page gets a 404, not the old picture.
		expect((await getCover(app, `/covers/${book.id}/${oldHash}/320.webp`, { authorization: `Bearer ${token}` })).status).toBe(404);

		const removed = await deleteCover(app, token, book.id);
		expect(removed.status).toBe(200);
		expect(removed.body.cover).toMatch(/\/g[0-9a-f]{23}$/);
		expect(await bookRow(book.id)).toMatchObject({ cover_hash: null, cover_source: null });
		expect(await coverBlobs(book.id)).toEqual([]);
		await expectRenditions(removed.body.cover, { authorization: `Bearer ${token}` });
	});

	it('takes a large photo (over the 1 MiB limit of other requests)', async () => {
		const book = await newBook();
		const big = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg({ quality: 95 }).toBuffer();
		expect(big.length).toBeGreaterThan(1024 * 1024);
		const res = await putCover(app, token, book.id, big);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(await coverBlobs(book.id)).toHaveLength(3);
	});

	const bad: Array<[string, () => Buffer, number, RegExp]> = [
		['a non-image', () => Buffer.from('%PDF-1.7\n' + 'x'.repeat(3000)), 400, /not a JPEG, PNG or WebP/],
		['an empty body', () => Buffer.alloc(0), 400, /empty/],
		['a truncated PNG', () => png.subarray(0, png.length - 200), 400, /damaged or cut short/],
		['a truncated WebP', () => webp.subarray(0, webp.length >> 1), 400, /damaged or cut short/],
		['a JPEG bomb', () => jpegClaiming(jpeg, 65_000, 65_000), 413, /megapixels/],
		['a PNG bomb', () => pngClaiming(png, 50_000, 50_000), 413, /megapixels/],
		['an image over 10 MiB', () => Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024 + 1)]), 413, /larger than 10 MiB/],
		['an SVG', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="900"><rect width="900" height="900"/></svg>'), 400, /not a JPEG, PNG or WebP/]
	];
	it.each(bad)('refuses %s and keeps the cover the book had', async (_name, make, status, message) => {
		const book = await newBook([coverPart(jpeg), audioPart()]);
		const rowBefore = await bookRow(book.id);
		const before = await footprint(app, appTmp);
		const res = await putCover(app, token, book.id, make(), 'image/png');
		expect(res.status, JSON.stringify(res.body)).toBe(status);
		expect(res.body.error).toMatchObject({ field: 'cover' });
		expect(res.body.error.message).toMatch(message);
		expect(await bookRow(book.id)).toEqual(rowBefore);
		expect(await footprint(app, appTmp)).toEqual(before);
	});

	it('is for admins only, and for books that exist', async () => {
		const book = await newBook();
		const buyer = await signUpBuyer(app);
		expect((await putCover(app, buyer.token, book.id, jpeg)).status).toBe(403);
		expect((await deleteCover(app, buyer.token, book.id)).status).toBe(403);
		expect((await putCover(app, token, '00000000-0000-4000-8000-000000000000', jpeg)).status).toBe(404);
		expect(await coverBlobs(book.id)).toEqual([]);
	});

	it('goes with the book when the book is deleted', async () => {
		const book = await newBook([coverPart(jpeg), audioPart()]);
		expect(await coverBlobs(book.id)).toHaveLength(3);
		const res = await fetch(`${app.url}/api/v1/admin/books/${book.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}`, origin: app.url } });
		expect(res.status).toBe(204);
		expect(await coverBlobs(book.id)).toEqual([]);
	});
});

describe('serving covers', () => {
	it('caches a published book’s renditions publicly for a year, as immutable, with 304s', async () => {
		const book = await newBook([coverPart(jpeg), audioPart()]);
		expect((await fetch(`${app.url}/api/v1/admin/books/${book.id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: app.url } })).status).toBe(200);
		const res = await getCover(app, `${book.cover}/320.webp`);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		const again = await getCover(app, `${book.cover}/320.webp`, { 'if-none-match': res.headers.get('etag')! });
		expect(again.status).toBe(304);
		expect((await getCover(app, `${book.cover}/200.webp`)).status).toBe(404);

		// The storefront names the same cover.
		const listed = await fetch(`${app.url}/api/v1/catalog/books/${book.id}`).then((r) => r.json());
		expect(listed.book.cover).toBe(book.cover);
	});

	it('shows a draft’s cover only to admins and owners, cached privately', async () => {
		const book = await newBook([coverPart(jpeg), audioPart()]);
		const path = `${book.cover}/160.webp`;
		expect((await getCover(app, path)).status).toBe(404);
		const asAdmin = await getCover(app, path, { authorization: `Bearer ${token}` });
		expect(asAdmin.status).toBe(200);
		expect(asAdmin.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
		const stranger = await signUpBuyer(app);
		expect((await getCover(app, path, { authorization: `Bearer ${stranger.token}` })).status).toBe(404);
	});

	it('draws a cover for a book without one, and a new title makes a new URL', async () => {
		const book = await newBook([audioPart()], { title: 'หนังสือเสียงเล่มแรก', author: 'นักเขียน ไทย', categories: ['fiction'] });
		expect(book.coverSource).toBeNull();
		await expectRenditions(book.cover, { authorization: `Bearer ${token}` });
		const res = await fetch(`${app.url}/api/v1/admin/books/${book.id}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${token}`, origin: app.url, 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'หนังสือเสียงเล่มที่สอง' })
		});
		expect(res.status).toBe(200);
		const renamed = (await res.json()).book;
		expect(renamed.cover).not.toBe(book.cover);
		expect((await getCover(app, `${book.cover}/160.webp`, { authorization: `Bearer ${token}` })).status).toBe(404);
		expect((await getCover(app, `${renamed.cover}/160.webp`, { authorization: `Bearer ${token}` })).status).toBe(200);
		expect(await coverBlobs(book.id)).toEqual([]);
	});

	it('names every book’s cover in the store, the library and the listening page', async () => {
		const book = await newBook([coverPart(jpeg), audioPart()], { priceMinor: '0', free: 'true' });
		await fetch(`${app.url}/api/v1/admin/books/${book.id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: app.url } });
		const store = await fetch(`${app.url}/api/v1/catalog/books?limit=100`).then((r) => r.json());
		expect(store.books.find((b: { id: string }) => b.id === book.id).cover).toBe(book.cover);
		const buyer = await signUpBuyer(app);
		await buy(buyer, book.id);
		const library = await buyer.get('/api/v1/library');
		expect(library.body.books.find((b: { id: string }) => b.id === book.id).cover).toBe(book.cover);
		// After it is taken off sale, its owner still sees its cover.
		await fetch(`${app.url}/api/v1/admin/books/${book.id}/unpublish`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: app.url } });
		expect((await getCover(app, `${book.cover}/640.webp`)).status).toBe(404);
		const own = await getCover(app, `${book.cover}/640.webp`, { authorization: `Bearer ${buyer.token}` });
		expect(own.status).toBe(200);
		expect(own.headers.get('cache-control')).toMatch(/^private/);
		expect(readFileSync(join(app.dataDir, 'blobs', 'objects', book.cover.replace(/^\/covers\//, 'covers/'), '640.webp')).equals(own.bytes)).toBe(true);
	});
});
