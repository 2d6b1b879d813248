/**
 * The library on S3 storage (versitygw): a presigned download URL serves exactly the uploaded bytes,
 * then expires; the app routes (Range, preview cap) work the same over S3.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { appStorage, insertBook, type TestBook } from '../helpers/books';
import { buy, signUpBuyer, type Buyer } from '../helpers/store';
import { s3AppEnv, startS3Server, type S3Server } from '../services/s3-server';

const URL_TTL_SECONDS = 2;
let s3: S3Server;
let app: TestApp;
let book: TestBook;
let owner: Buyer;
beforeAll(async () => {
	s3 = await startS3Server();
	app = await startTestApp({
		...s3AppEnv(s3),
		DOWNLOAD_URL_TTL_SECONDS: String(URL_TTL_SECONDS),
		PREVIEW_SECONDS: '20'
	});
	book = await insertBook(app, appStorage(app, s3), { title: 'Cloud Book', author: 'S. Three', seconds: 60 });
	owner = await signUpBuyer(app);
	await buy(owner, book.id);
});
afterAll(async () => {
	await app?.stop();
	await s3?.stop();
});

describe('original download case on S3', () => {
	it('user gets a download URL and the bytes match the upload; the URL then expires', { timeout: 20_000 }, async () => {
		const res = await owner.get(`/api/v1/library/${book.id}/url`);
		expect(res.status).toBe(200);
		expect(res.body.url).toMatch(new RegExp(`^${s3.endpoint}/`));
		expect(res.body.expiresAt).toBeGreaterThan(Date.now());
		expect(res.body.streamPath).toBe(`/api/v1/library/${book.id}/audio`);

		const direct = await fetch(res.body.url);
		expect(direct.status).toBe(200);
		expect(Buffer.from(await direct.arrayBuffer()).equals(book.audio)).toBe(true);
		expect(direct.headers.get('content-disposition')).toMatch(/^attachment; filename="Cloud Book - S. Three.mp3"/);

		await new Promise((r) => setTimeout(r, (URL_TTL_SECONDS + 1.5) * 1000));
		const expired = await fetch(res.body.url);
		expect(expired.status).toBe(403);
		await expired.arrayBuffer();
	});
});

describe('app routes over S3', () => {
	it('streams Range requests to the owner', async () => {
		const res = await owner.fetch(`/api/v1/library/${book.id}/audio`, { headers: { range: 'bytes=-500' } });
		expect(res.status).toBe(206);
		expect(res.headers.get('content-range')).toBe(`bytes ${book.audio_size - 500}-${book.audio_size - 1}/${book.audio_size}`);
		expect(Buffer.from(await res.arrayBuffer()).equals(book.audio.subarray(-500))).toBe(true);
		expect(res.headers.get('etag')).toBeTruthy();
	});

	it('caps the preview at 20 of the 60 seconds', async () => {
		const cap = Math.floor((book.audio_size * 20) / 60);
		const preview = (range: string) => fetch(`${app.url}/api/v1/catalog/books/${book.id}/preview`, { headers: { range } });
		const head = await preview('bytes=0-');
		expect(head.status).toBe(206);
		expect(head.headers.get('content-range')).toBe(`bytes 0-${cap - 1}/${cap}`);
		expect(Buffer.from(await head.arrayBuffer()).equals(book.audio.subarray(0, cap))).toBe(true);
		const past = await preview(`bytes=${cap}-`);
		expect(past.status).toBe(416);
		expect(past.headers.get('content-range')).toBe(`bytes */${cap}`);
	});

	it('refuses a direct URL to a buyer who does not own the book', async () => {
		const other = await signUpBuyer(app);
		expect((await other.get(`/api/v1/library/${book.id}/url`)).status).toBe(403);
	});
});
