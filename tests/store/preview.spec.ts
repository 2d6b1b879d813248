/**
 * The free preview of an uploaded book is its own file, cut at upload with ffmpeg stream copy: its
 * header states the preview's duration (a player shows 0:10, not the book's 0:30), it carries no
 * byte of the book past the cut, and deleting the book deletes it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bookFields, signInAdmin, upload } from '../helpers/admin-upload';

const BOOK_SECONDS = 30;
const PREVIEW_SECONDS = 10;

let app: TestApp;
let token: string;
let dir: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'earshelf-preview-'));
	const tone = (name: string, ...codec: string[]) =>
		execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=440:duration=${BOOK_SECONDS}`, '-ac', '1', ...codec, join(dir, name)]);
	tone('book.mp3');
	tone('book.m4b', '-c:a', 'aac', '-brand', 'M4B ');
	tone('book.opus', '-c:a', 'libopus');
	tone('book.ogg', '-c:a', 'libvorbis');
	tone('book.wav', '-ar', '8000');
	app = await startTestApp({ PREVIEW_SECONDS: String(PREVIEW_SECONDS), PIPELINE_RUNNER: 'off' });
	token = await signInAdmin(app);
});
afterAll(async () => {
	await app?.stop();
	rmSync(dir, { recursive: true, force: true });
});

async function publishedBook(file: string) {
	const res = await upload(app, token, [...bookFields(), { name: 'audio', filename: file, path: join(dir, file) }]);
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	const id = res.body.book.id as string;
	const pub = await fetch(`${app.url}/api/v1/admin/books/${id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
	expect(pub.status).toBe(200);
	const row = await app.db().selectFrom('books').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
	return row;
}

/** ffprobe's duration of the bytes, from a file as a player would get them. */
function durationOf(bytes: Buffer, name: string): number {
	const file = join(dir, `downloaded-${Date.now()}-${name}`);
	writeFileSync(file, bytes);
	const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' });
	return Number(out.trim());
}

describe('preview file', () => {
	it.each(['book.mp3', 'book.m4b', 'book.opus', 'book.ogg', 'book.wav'])('%s: the preview says it is PREVIEW_SECONDS long', async (file) => {
		const book = await publishedBook(file);
		expect(book.preview_key).toMatch(new RegExp(`^books/${book.id}/preview\\.`));
		const res = await fetch(`${app.url}/api/v1/catalog/books/${book.id}/preview`);
		expect(res.status).toBe(200);
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(bytes.length).toBe(Number(book.preview_size));
		const seconds = durationOf(bytes, file);
		expect(seconds).toBeGreaterThan(PREVIEW_SECONDS - 0.5);
		expect(seconds).toBeLessThan(PREVIEW_SECONDS + 0.5);
		expect(Number(book.duration_ms)).toBeGreaterThan((BOOK_SECONDS - 1) * 1000);
	});

	it('never sends a non-owner more than the preview, whatever the Range', async () => {
		const book = await publishedBook('book.mp3');
		const size = Number(book.preview_size);
		expect(size).toBeLessThan(Number(book.audio_size) / 2);
		const get = (range?: string) =>
			fetch(`${app.url}/api/v1/catalog/books/${book.id}/preview`, { headers: range ? { range } : {} });
		for (const range of [undefined, 'bytes=0-', `bytes=0-${book.audio_size}`, `bytes=-${book.audio_size}`]) {
			const res = await get(range);
			expect(res.status).toBeLessThan(300);
			expect((await res.arrayBuffer()).byteLength).toBeLessThanOrEqual(size);
		}
		expect((await get(`bytes=${size}-`)).status).toBe(416);
		const head = await get('bytes=0-0');
		expect(head.headers.get('content-range')).toBe(`bytes 0-0/${size}`);
		expect(head.headers.get('etag')).toBeTruthy();
	});

	it('is deleted with the book', async () => {
		const book = await publishedBook('book.mp3');
		const bookDir = join(app.dataDir, 'blobs', 'objects', 'books', book.id);
		expect(readdirSync(bookDir).sort()).toEqual(['audio', 'preview.mp3']);
		const del = await fetch(`${app.url}/api/v1/admin/books/${book.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
		expect(del.status).toBe(204);
		expect(existsSync(join(bookDir, 'preview.mp3'))).toBe(false);
		expect(existsSync(join(bookDir, 'audio'))).toBe(false);
	});
});
