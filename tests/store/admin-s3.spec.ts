/**
 * The upload with the app on the S3 backend (versitygw): ffprobe reads the object through a
 * presigned URL, the stored bytes are the uploaded ones, and refused or interrupted uploads leave
 * no object and no unfinished multipart upload in the bucket.
 */
import { GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bookFields, footprint, makeAudio, multipart, sha256, signInAdmin, upload } from '../helpers/admin-upload';
import { client } from '../helpers/http';
import { s3AppEnv, startS3Server, type S3Server } from '../services/s3-server';
import { photo, pngClaiming } from '../../src/lib/server/covers/fixtures';
import { audioWithPicture, deleteCover, getCover, putCover } from '../helpers/covers';

let s3: S3Server;
let bucket: S3Client;
let app: TestApp;
let appTmp: string;
let audio: ReturnType<typeof makeAudio>;
let token: string;

beforeAll(async () => {
	audio = makeAudio();
	// ~26 MB: several 5 MiB parts, so the S3 driver does a real multipart upload.
	execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=150', '-ac', '2', audio.file('long.wav')]);
	s3 = await startS3Server();
	bucket = new S3Client({
		endpoint: s3.endpoint,
		region: s3.region,
		forcePathStyle: true,
		credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
	});
	appTmp = mkdtempSync(join(tmpdir(), 'earshelf-apptmp-'));
	app = await startTestApp({
		...s3AppEnv(s3),
		TMPDIR: appTmp,
		PIPELINE_RUNNER: 'off'
	});
	token = await signInAdmin(app);
}, 120_000);
afterAll(async () => {
	await app?.stop();
	bucket?.destroy();
	await s3?.stop();
	rmSync(audio.dir, { recursive: true, force: true });
	rmSync(appTmp, { recursive: true, force: true });
});

async function listBucket(): Promise<string[]> {
	const objects = await bucket.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
	const uploads = await bucket.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket }));
	return [
		...(objects.Contents ?? []).map((o) => o.Key ?? ''),
		...(uploads.Uploads ?? []).map((u) => `unfinished multipart: ${u.Key}`)
	].sort();
}

async function storedSha256(key: string): Promise<string> {
	const res = await bucket.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
	return sha256(Buffer.from(await res.Body!.transformToByteArray()));
}

const part = (name: string) => ({ name: 'audio', filename: name, type: 'audio/wav', path: audio.file(name) });

describe('uploads on S3', () => {
	it('admin creates a book and uploads audio: the object holds exactly the uploaded bytes', async () => {
		const res = await upload(app, token, [...bookFields(), part('book.mp3')]);
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		const key = `books/${res.body.book.id}/audio`;
		expect(await storedSha256(key)).toBe(sha256(audio.read('book.mp3')));
		expect(res.body.book.audio).toMatchObject({ format: 'mp3', size: audio.read('book.mp3').length });
	});

	it('a 26 MB file goes up in parts, unchanged, and is probed through a presigned URL', async () => {
		const res = await upload(app, token, [...bookFields(), part('long.wav')], { contentLength: false });
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		expect(res.body.book.audio.durationMs).toBe(150_000);
		expect(await storedSha256(`books/${res.body.book.id}/audio`)).toBe(sha256(audio.read('long.wav')));
	});

	it.each([
		['a text file renamed .mp3', 'notes.mp3', /not audio we can read/],
		['a truncated mp3', 'cut.mp3', /cut short/],
		['a zero-length file', 'empty.mp3', /empty/]
	])('refuses %s and leaves the bucket as it was', async (_label, name, message) => {
		const before = await footprint(app, appTmp, listBucket);
		const res = await upload(app, token, [...bookFields(), part(name)]);
		expect(res.status).toBe(400);
		expect(res.body.error.message).toMatch(message);
		expect(await footprint(app, appTmp, listBucket)).toEqual(before);
	});

	it('an interrupted upload leaves no object and no unfinished multipart upload; the retry makes one book', async () => {
		const fields = bookFields({ title: 'Interrupted on S3' });
		const before = await footprint(app, appTmp, listBucket);
		const form = multipart([...fields, part('long.wav')]);
		const controller = new AbortController();
		async function* cut() {
			let sent = 0;
			for await (const chunk of form.chunks()) {
				yield chunk;
				sent += chunk.length;
				if (sent > 20 * 1024 * 1024) break; // past two parts
			}
			setTimeout(() => controller.abort(), 300);
			await new Promise((r) => setTimeout(r, 60_000));
		}
		await expect(upload(app, token, [...fields, part('long.wav')], { body: cut(), signal: controller.signal })).rejects.toThrow();
		await expect.poll(() => footprint(app, appTmp, listBucket), { timeout: 15_000 }).toEqual(before);

		const retry = await upload(app, token, [...fields, part('long.wav')]);
		expect(retry.status, JSON.stringify(retry.body)).toBe(201);
		expect((await upload(app, token, [...fields, part('long.wav')])).status).toBe(200);
		const uploadId = (fields[0] as { value: string }).value;
		expect(await app.db().selectFrom('books').select('id').where('upload_id', '=', uploadId).execute()).toHaveLength(1);
		expect(await storedSha256(`books/${retry.body.book.id}/audio`)).toBe(sha256(audio.read('long.wav')));
	});

	it('deleting the book deletes its object', async () => {
		const res = await upload(app, token, [...bookFields(), part('book.flac')]);
		const key = `books/${res.body.book.id}/audio`;
		expect(await listBucket()).toContain(key);
		expect((await client(app.url).del(`/api/v1/admin/books/${res.body.book.id}`, token)).status).toBe(204);
		expect(await listBucket()).not.toContain(key);
	});
});

describe('covers on S3', () => {
	const coverObjects = async (bookId: string) => (await listBucket()).filter((k) => k.startsWith(`covers/${bookId}/`));

	it('takes the picture inside an mp3 read through a presigned URL, and serves its renditions from the bucket', async () => {
		const files = audioWithPicture(audio.dir, await photo('jpeg'), 'jpg');
		const res = await upload(app, token, [...bookFields(), { name: 'audio', filename: 'b.mp3', type: 'audio/mpeg', path: files.mp3 }]);
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		expect(res.body.book.coverSource).toBe('audio');
		const hash = res.body.book.cover.split('/').at(-1);
		expect(await coverObjects(res.body.book.id)).toEqual([160, 320, 640].map((w) => `covers/${res.body.book.id}/${hash}/${w}.webp`));
		const small = await getCover(app, `${res.body.book.cover}/160.webp`, { authorization: `Bearer ${token}` });
		expect(small.status).toBe(200);
		expect(sha256(small.bytes)).toBe(await storedSha256(`covers/${res.body.book.id}/${hash}/160.webp`));
	});

	it('a bad cover at upload or later leaves the bucket as it was; replacing and removing delete the old objects', async () => {
		const png = await photo('png', 600, 600);
		const before = await footprint(app, appTmp, listBucket);
		const refused = await upload(app, token, [...bookFields(), { name: 'cover', filename: 'bomb.png', type: 'image/png', data: pngClaiming(png, 60_000, 60_000) }, part('book.mp3')]);
		expect(refused.status).toBe(413);
		expect(await footprint(app, appTmp, listBucket)).toEqual(before);

		const made = await upload(app, token, [...bookFields(), { name: 'cover', filename: 'c.png', type: 'image/png', data: png }, part('book.mp3')]);
		expect(made.status, JSON.stringify(made.body)).toBe(201);
		const id = made.body.book.id;
		const first = await coverObjects(id);
		expect(first).toHaveLength(3);
		const withCover = await footprint(app, appTmp, listBucket);
		expect((await putCover(app, token, id, png.subarray(0, png.length >> 1), 'image/png')).status).toBe(400);
		expect(await footprint(app, appTmp, listBucket)).toEqual(withCover);

		expect((await putCover(app, token, id, await photo('webp'), 'image/webp')).status).toBe(200);
		const second = await coverObjects(id);
		expect(second).toHaveLength(3);
		expect(second.some((k) => first.includes(k))).toBe(false);
		expect((await deleteCover(app, token, id)).status).toBe(200);
		expect(await coverObjects(id)).toEqual([]);
	});
});
