/**
 * The admin's book upload end to end against the production build (local storage), on SQLite and
 * MariaDB: real audio in every accepted format, retries by uploadId, an interrupted upload, and bad
 * input — each refusal checked for a clear error and for leaving nothing behind (no row, no blob,
 * no temp file in the data dir or the app's TMPDIR).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import {
	bookFields,
	footprint,
	makeAudio,
	multipart,
	sha256,
	signInAdmin,
	upload,
	type FormPart
} from '../helpers/admin-upload';
import { client, uniqueEmail } from '../helpers/http';

const MAX_BYTES = 300_000;
let app: TestApp;
let appTmp: string;
let audio: ReturnType<typeof makeAudio>;
let token: string;

beforeAll(async () => {
	audio = makeAudio();
	appTmp = mkdtempSync(join(tmpdir(), 'earshelf-apptmp-'));
	app = await startTestApp({ UPLOAD_MAX_BYTES: String(MAX_BYTES), TMPDIR: appTmp, PIPELINE_RUNNER: 'off' });
	token = await signInAdmin(app);
});
afterAll(async () => {
	await app?.stop();
	rmSync(audio.dir, { recursive: true, force: true });
	rmSync(appTmp, { recursive: true, force: true });
});

const audioPart = (name = 'book.mp3', filename = name, type = 'audio/mpeg'): FormPart => ({
	name: 'audio',
	filename,
	type,
	path: audio.file(name)
});

const storedBytes = (key: string) => readFileSync(join(app.dataDir, 'blobs', 'objects', key));

describe('original admin case', () => {
	it('admin creates a book and uploads audio', async () => {
		const fields = bookFields();
		const res = await upload(app, token, [...fields, audioPart()]);
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		const book = res.body.book;
		expect(book).toMatchObject({
			title: 'The Lighthouse Keeper',
			author: 'Mara Quint',
			narrator: 'Ode Feld',
			priceMinor: 19900,
			currency: 'THB',
			free: false,
			status: 'draft',
			audio: { format: 'mp3', mime: 'audio/mpeg', size: audio.read('book.mp3').length },
			publishedAt: null
		});
		expect(book.audio.durationMs).toBeGreaterThan(4900);
		expect(book.audio.durationMs).toBeLessThan(5200);
		expect(book.categories.map((c: { slug: string }) => c.slug).sort()).toEqual(['fiction', 'mystery-thriller']);
		expect(book.pipeline.map((s: { step: string; status: string; position: number }) => [s.position, s.step, s.status])).toEqual([
			[0, 'upload', 'succeeded'],
			[1, 'transcribe', expect.any(String)],
			[2, 'chapters', 'pending'],
			[3, 'summarize', 'pending'],
			[4, 'publish', 'pending']
		]);
		expect(res.headers.get('location')).toBe(`/api/v1/admin/books/${book.id}`);

		const row = await app.db().selectFrom('books').selectAll().where('id', '=', book.id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ upload_id: fields[0] && 'value' in fields[0] ? fields[0].value : '', status: 'draft', audio_format: 'mp3' });
		expect(row.audio_key).toBe(`books/${book.id}/audio`);
		expect(sha256(storedBytes(row.audio_key))).toBe(sha256(audio.read('book.mp3')));

		const list = await client(app.url).get('/api/v1/admin/books', token);
		expect(list.status).toBe(200);
		expect(list.body.books.find((b: { id: string }) => b.id === book.id)).toMatchObject({ title: book.title, pipeline: expect.any(Array) });
	});
});

describe('accepted audio', () => {
	it.each([
		['book.m4a', 'audio/mp4', 'm4a', 'audio/mp4'],
		['book.opus', 'audio/ogg', 'opus', 'audio/ogg; codecs=opus'],
		['book.ogg', 'audio/ogg', 'ogg', 'audio/ogg; codecs=vorbis'],
		['book.wav', 'audio/wav', 'wav', 'audio/wav'],
		['book.flac', 'audio/flac', 'flac', 'audio/flac'],
		['speech.wav', 'application/octet-stream', 'wav', 'audio/wav']
	])('%s (sent as %s) is stored byte for byte as %s', async (name, sentType, format, mime) => {
		const res = await upload(app, token, [...bookFields({ categories: undefined }), audioPart(name, `Chapter 1 — ${name}`, sentType)]);
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		expect(res.body.book.audio).toMatchObject({ format, mime });
		expect(res.body.book.audio.durationMs).toBeGreaterThan(1000);
		expect(sha256(storedBytes(`books/${res.body.book.id}/audio`))).toBe(sha256(audio.read(name)));
	});

	it('a free book: price 0 with free=true; currency defaults to DEFAULT_CURRENCY', async () => {
		const res = await upload(app, token, [...bookFields({ priceMinor: '0', free: 'true', currency: undefined }), audioPart()]);
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		expect(res.body.book).toMatchObject({ priceMinor: 0, free: true, currency: 'THB' });
	});
});

describe('retries by uploadId', () => {
	it('a retry after a success answers 200 with the same book and stores nothing new', async () => {
		const fields = bookFields();
		const first = await upload(app, token, [...fields, audioPart()]);
		expect(first.status).toBe(201);
		const before = await footprint(app, appTmp);
		// The retry even carries another file: the stored audio of the book must not change.
		const again = await upload(app, token, [...fields, audioPart('book.flac')]);
		expect(again.status).toBe(200);
		expect(again.body.book.id).toBe(first.body.book.id);
		expect(await footprint(app, appTmp)).toEqual(before);
		expect(sha256(storedBytes(`books/${first.body.book.id}/audio`))).toBe(sha256(audio.read('book.mp3')));
	});

	it('takes the uploadId from the Idempotency-Key header too', async () => {
		const uploadId = crypto.randomUUID();
		const parts = [...bookFields({ uploadId: undefined }), audioPart()];
		const first = await upload(app, token, parts, { headers: { 'idempotency-key': uploadId } });
		expect(first.status, JSON.stringify(first.body)).toBe(201);
		expect(first.body.book.uploadId).toBe(uploadId);
		const again = await upload(app, token, parts, { headers: { 'idempotency-key': uploadId } });
		expect(again.status).toBe(200);
		expect(again.body.book.id).toBe(first.body.book.id);
	});

	it('an upload interrupted mid-body leaves nothing; the retry with the same uploadId makes exactly one book', async () => {
		const fields = bookFields({ title: 'Interrupted' });
		const uploadId = (fields[0] as { value: string }).value;
		const before = await footprint(app, appTmp);
		const form = multipart([...fields, audioPart('book.flac')]);
		const controller = new AbortController();
		let sent = 0;
		async function* stalling() {
			for await (const chunk of form.chunks()) {
				yield chunk;
				sent += chunk.length;
				if (sent > form.length / 2) break;
			}
			// Half the body is out; the client gives up while the server waits for the rest.
			setTimeout(() => controller.abort(), 300);
			await new Promise((r) => setTimeout(r, 60_000));
		}
		await expect(upload(app, token, [...fields, audioPart('book.flac')], { body: stalling(), signal: controller.signal })).rejects.toThrow();
		await expect.poll(async () => footprint(app, appTmp), { timeout: 10_000 }).toEqual(before);

		const retry = await upload(app, token, [...fields, audioPart('book.flac')]);
		expect(retry.status, JSON.stringify(retry.body)).toBe(201);
		const again = await upload(app, token, [...fields, audioPart('book.flac')]);
		expect(again.status).toBe(200);
		const rows = await app.db().selectFrom('books').select('id').where('upload_id', '=', uploadId).execute();
		expect(rows).toHaveLength(1);
		expect(sha256(storedBytes(`books/${rows[0]!.id}/audio`))).toBe(sha256(audio.read('book.flac')));
	});
});

type Case = {
	label: string;
	parts: () => FormPart[];
	status: number;
	message: RegExp;
	field?: string;
	opts?: Parameters<typeof upload>[3];
};

const cases: Case[] = [
	{ label: 'a negative price', parts: () => [...bookFields({ priceMinor: '-100' }), audioPart()], status: 400, field: 'priceMinor', message: /negative/ },
	{ label: 'price 0 without free', parts: () => [...bookFields({ priceMinor: '0' }), audioPart()], status: 400, field: 'free', message: /free to true/ },
	{ label: 'a non-integer price', parts: () => [...bookFields({ priceMinor: '199.50' }), audioPart()], status: 400, field: 'priceMinor', message: /whole number/ },
	{ label: 'a price that is not a number', parts: () => [...bookFields({ priceMinor: '1e9' }), audioPart()], status: 400, field: 'priceMinor', message: /whole number/ },
	{ label: 'a huge price', parts: () => [...bookFields({ priceMinor: '100000000000' }), audioPart()], status: 400, field: 'priceMinor', message: /at most 100000000/ },
	{ label: 'an empty title', parts: () => [...bookFields({ title: '   ' }), audioPart()], status: 400, field: 'title', message: /title: is required/ },
	{ label: 'a 10,000-character title', parts: () => [...bookFields({ title: 'x'.repeat(10_000) }), audioPart()], status: 400, field: 'title', message: /at most 300/ },
	{ label: 'an unknown category', parts: () => [...bookFields({ categories: ['fiction', 'no-such-shelf'] }), audioPart()], status: 400, field: 'categories', message: /no-such-shelf/ },
	{ label: 'an unsupported currency', parts: () => [...bookFields({ currency: 'BTC' }), audioPart()], status: 400, field: 'currency', message: /one of THB/ },
	{ label: 'no uploadId', parts: () => [...bookFields({ uploadId: undefined }), audioPart()], status: 400, field: 'uploadId', message: /UUID/ },
	{ label: 'an uploadId that is not a UUID', parts: () => [...bookFields({ uploadId: '../../x' }), audioPart()], status: 400, field: 'uploadId', message: /UUID/ },
	{ label: 'a text file renamed .mp3', parts: () => [...bookFields(), audioPart('notes.mp3')], status: 400, field: 'audio', message: /not audio we can read/ },
	{ label: 'a truncated mp3 (its first 2 KB)', parts: () => [...bookFields(), audioPart('cut.mp3')], status: 400, field: 'audio', message: /cut short/ },
	{ label: 'a zero-length file', parts: () => [...bookFields(), audioPart('empty.mp3')], status: 400, field: 'audio', message: /empty/ },
	{ label: 'no file part', parts: () => bookFields(), status: 400, field: 'audio', message: /No audio file/ },
	{ label: 'the file before the metadata', parts: () => [audioPart(), ...bookFields()], status: 400, message: /came before the metadata/ },
	{ label: 'a field after the file', parts: () => [...bookFields(), audioPart(), { name: 'description', value: 'late' }], status: 400, message: /before the "audio" part/ },
	{ label: 'the file in a part with another name', parts: () => [...bookFields(), { ...audioPart(), name: 'file' }], status: 400, message: /part named "audio"/ },
	{ label: 'the audio part without a file name', parts: () => [...bookFields(), { name: 'audio', value: 'ID3...' }], status: 400, field: 'audio', message: /no file name/ },
	{ label: 'a path as file name (../../etc/passwd)', parts: () => [...bookFields(), audioPart('book.mp3', '../../etc/passwd')], status: 400, field: 'audio', message: /path/ },
	{ label: 'a Windows path as file name', parts: () => [...bookFields(), audioPart('book.mp3', '..\\..\\boot.ini')], status: 400, field: 'audio', message: /path/ },
	{ label: 'control characters in the file name', parts: () => [...bookFields(), { ...audioPart('book.mp3', 'chapter\u0001\u001b[31m.mp3'), encodeFilename: true }], status: 400, field: 'audio', message: /control characters/ },
	{ label: 'a NUL in the file name', parts: () => [...bookFields(), { ...audioPart('book.mp3', 'a\u0000.mp3'), encodeFilename: true }], status: 400, field: 'audio', message: /control characters/ },
	{ label: 'an encoded path as file name', parts: () => [...bookFields(), { ...audioPart('book.mp3', '../../etc/passwd'), encodeFilename: true }], status: 400, field: 'audio', message: /path/ },
	{ label: 'a raw control character in the part header', parts: () => [...bookFields(), audioPart('book.mp3', 'a\u0001.mp3')], status: 400, message: /malformed/ },
	{ label: 'JSON instead of multipart', parts: () => [], status: 400, message: /multipart\/form-data/, opts: { headers: { 'content-type': 'application/json' } } },
	{ label: 'multipart without a boundary', parts: () => [...bookFields(), audioPart()], status: 400, message: /multipart/, opts: { headers: { 'content-type': 'multipart/form-data' } } }
];

describe('refused uploads leave nothing behind', () => {
	it.each(cases.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
		const before = await footprint(app, appTmp);
		const res = await upload(app, token, c.parts(), c.opts);
		expect(res.status, JSON.stringify(res.body)).toBe(c.status);
		expect(res.body.error.code).toBe(c.status === 413 ? 'too_large' : 'invalid_input');
		expect(res.body.error.message).toMatch(c.message);
		if (c.field) expect(res.body.error.field).toBe(c.field);
		expect(await footprint(app, appTmp)).toEqual(before);
	});

	it.each([
		['with Content-Length (refused before reading)', true],
		['chunked (refused while counting)', false]
	])('a file over the lowered UPLOAD_MAX_BYTES, %s: 413', async (_label, contentLength) => {
		const big = Buffer.concat([readFileSync(audio.file('book.wav')), Buffer.alloc(MAX_BYTES)]);
		expect(big.length).toBeGreaterThan(MAX_BYTES);
		const before = await footprint(app, appTmp);
		const res = await upload(app, token, [...bookFields(), { name: 'audio', filename: 'long.wav', type: 'audio/wav', data: big }], { contentLength });
		expect(res.status, JSON.stringify(res.body)).toBe(413);
		expect(res.body.error).toMatchObject({ code: 'too_large', message: expect.stringMatching(/larger than the limit of 300000 bytes/) });
		expect(await footprint(app, appTmp)).toEqual(before);
	});

	it('a file of exactly UPLOAD_MAX_BYTES is not refused for its size', async () => {
		const exact = readFileSync(audio.file('book.wav'));
		const padded = Buffer.concat([exact, Buffer.alloc(MAX_BYTES - exact.length)]);
		const res = await upload(app, token, [...bookFields(), { name: 'audio', filename: 'exact.wav', type: 'audio/wav', data: padded }], { contentLength: false });
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		expect(res.body.book.audio.size).toBe(MAX_BYTES);
	});

	it('<script> in the fields is accepted as text and stored as is', async () => {
		const script = '<script>alert("x")</script>';
		const res = await upload(app, token, [...bookFields({ title: script, author: script, narrator: script, description: script }), audioPart()]);
		expect(res.status).toBe(201);
		expect(res.body.book).toMatchObject({ title: script, author: script, narrator: script, description: script });
		const row = await app.db().selectFrom('books').select(['title', 'description']).where('id', '=', res.body.book.id).executeTakeFirstOrThrow();
		expect(row).toEqual({ title: script, description: script });
	});
});

describe('who may upload', () => {
	it('refuses anonymous callers (401) and buyers (403), leaving nothing', async () => {
		const before = await footprint(app, appTmp);
		const anonymous = await upload(app, undefined, [...bookFields(), audioPart()]);
		expect(anonymous.status).toBe(401);
		const signUp = await client(app.url).post('/api/v1/auth/sign-up', { email: uniqueEmail(), password: 'correct horse battery', name: 'Buyer' });
		const buyer = await upload(app, signUp.body.accessToken, [...bookFields(), audioPart()]);
		expect(buyer.status).toBe(403);
		expect(buyer.body.error.code).toBe('forbidden');
		expect(await footprint(app, appTmp)).toEqual(before);
	});
});
