/**
 * The behaviour every BlobStorage must share, run by each driver's spec against a real backend.
 * A driver-specific behaviour belongs in that driver's spec, not here.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InvalidKeyError, StorageNotFoundError, type BlobStorage } from './driver';

export async function readAll(body: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
	return Buffer.concat(chunks);
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * `total` random bytes in 64 KiB chunks, generated lazily so the test itself stays in constant
 * memory; `digest()` is their sha256 once the stream has ended. With failAfter the stream errors
 * (like a client that disconnects) after that many bytes.
 */
export function generatedBody(total: number, opts: { failAfter?: number } = {}) {
	const hash = createHash('sha256');
	let digest = '';
	async function* chunks() {
		for (let sent = 0; sent < total; ) {
			if (opts.failAfter !== undefined && sent >= opts.failAfter) throw new Error('client went away');
			const chunk = randomBytes(Math.min(64 * 1024, total - sent));
			hash.update(chunk);
			sent += chunk.length;
			yield chunk;
		}
		digest = hash.digest('hex');
	}
	return { stream: Readable.from(chunks()), digest: () => digest };
}

/** A body that never ends by itself, as from a slow client. */
export function endlessBody(): Readable {
	return new Readable({
		read() {
			setTimeout(() => this.push(randomBytes(64 * 1024)), 1);
		}
	});
}

export const uniqueKey = (name = 'blob.bin') => `contract/${randomUUID()}/${name}`;

const INVALID_KEYS: Array<[string, string]> = [
	['empty', ''],
	['absolute', '/etc/passwd'],
	['parent segment', 'books/../../etc/passwd'],
	['only dots', '..'],
	['dot segment', 'books/./a.mp3'],
	['empty segment', 'books//a.mp3'],
	['trailing slash', 'books/'],
	['backslash', 'books\\..\\a.mp3'],
	['NUL byte', 'a\u0000b'],
	['newline', 'a\nb'],
	['space', 'my book.mp3'],
	['non-ASCII', 'hörbuch.mp3'],
	['too long', `${'a/'.repeat(256)}b`],
	['segment too long', 'x'.repeat(256)]
];

const VALID_KEYS = ['a', 'books/42/chapter-01.mp3', '.hidden', 'a..b', 'UPPER_lower-1.2', 'x'.repeat(255)];

export function describeStorageContract(name: string, storage: () => BlobStorage): void {
	describe(`${name}: BlobStorage contract`, () => {
		it('is ready', async () => {
			await expect(storage().check()).resolves.toBeUndefined();
		});

		it('round-trips bytes, size and content type', async () => {
			const key = uniqueKey('book.mp3');
			const data = randomBytes(3000);
			await expect(storage().put(key, Readable.from([data]), { contentType: 'audio/mpeg' })).resolves.toEqual({
				size: 3000
			});
			const { body, info } = await storage().get(key);
			expect(sha256(await readAll(body))).toBe(sha256(data));
			expect(info).toMatchObject({ size: 3000, contentType: 'audio/mpeg' });
			expect(info.etag).toMatch(/^".+"$/);
			expect(await storage().stat(key)).toEqual(info);
		});

		it('stores an empty body', async () => {
			const key = uniqueKey();
			await expect(storage().put(key, Readable.from([]))).resolves.toEqual({ size: 0 });
			expect((await readAll((await storage().get(key)).body)).length).toBe(0);
		});

		it('overwrites content and content type, and changes the etag', async () => {
			const key = uniqueKey();
			await storage().put(key, Readable.from([Buffer.from('first version')]), { contentType: 'text/plain' });
			const before = await storage().stat(key);
			await storage().put(key, Readable.from([Buffer.from('second')]), { contentType: 'application/json' });
			const { body, info } = await storage().get(key);
			expect((await readAll(body)).toString()).toBe('second');
			expect(info).toMatchObject({ size: 6, contentType: 'application/json' });
			expect(info.etag).not.toBe(before?.etag);
		});

		it.each([
			['first byte', 0, 0],
			['first hundred', 0, 99],
			['middle', 100, 199],
			['tail', 990, 999],
			['last byte', 999, 999],
			['everything', 0, 999]
		])('serves a ranged get: %s (%i-%i)', async (_label, start, end) => {
			const key = uniqueKey();
			const data = randomBytes(1000);
			await storage().put(key, Readable.from([data]));
			const { body, info } = await storage().get(key, { start, end });
			expect((await readAll(body)).equals(data.subarray(start, end + 1))).toBe(true);
			expect(info.size).toBe(1000);
		});

		it('streams a 20 MB body in and out unchanged', { timeout: 60_000 }, async () => {
			const key = uniqueKey('big.bin');
			const total = 20 * 1024 * 1024 + 12345;
			const generated = generatedBody(total);
			await expect(storage().put(key, generated.stream)).resolves.toEqual({ size: total });
			const { body, info } = await storage().get(key);
			const hash = createHash('sha256');
			for await (const chunk of body) hash.update(chunk as Uint8Array);
			expect(hash.digest('hex')).toBe(generated.digest());
			expect(info.size).toBe(total);
		});

		it('reports a missing key: get throws, stat is null, delete succeeds', async () => {
			const key = uniqueKey();
			await expect(storage().get(key)).rejects.toBeInstanceOf(StorageNotFoundError);
			await expect(storage().get(key, { start: 0, end: 0 })).rejects.toBeInstanceOf(StorageNotFoundError);
			expect(await storage().stat(key)).toBeNull();
			await expect(storage().delete(key)).resolves.toBeUndefined();
		});

		it('deletes, and deleting again is fine', async () => {
			const key = uniqueKey();
			await storage().put(key, Readable.from([Buffer.from('x')]));
			await storage().delete(key);
			expect(await storage().stat(key)).toBeNull();
			await expect(storage().get(key)).rejects.toBeInstanceOf(StorageNotFoundError);
			await expect(storage().delete(key)).resolves.toBeUndefined();
		});

		it.each([
			['a new key', false],
			['an existing key', true]
		])('a body that fails mid-stream stores nothing over %s', async (_label, existed) => {
			const key = uniqueKey();
			if (existed) await storage().put(key, Readable.from([Buffer.from('old')]), { contentType: 'text/plain' });
			const failing = generatedBody(1024 * 1024, { failAfter: 256 * 1024 });
			await expect(storage().put(key, failing.stream, { contentType: 'audio/mpeg' })).rejects.toThrow(
				'client went away'
			);
			if (!existed) return expect(await storage().stat(key)).toBeNull();
			const { body, info } = await storage().get(key);
			expect((await readAll(body)).toString()).toBe('old');
			expect(info.contentType).toBe('text/plain');
		});

		it('an aborted put rejects with AbortError and stores nothing', async () => {
			const key = uniqueKey();
			const controller = new AbortController();
			setTimeout(() => controller.abort(), 100);
			await expect(storage().put(key, endlessBody(), { signal: controller.signal })).rejects.toMatchObject({
				name: 'AbortError'
			});
			expect(await storage().stat(key)).toBeNull();
		});

		it.each(VALID_KEYS.map((key) => [key.length > 40 ? `${key.slice(0, 20)}…` : key, key]))(
			'accepts the key %s',
			async (_label, key) => {
				const data = Buffer.from(key);
				await storage().put(key, Readable.from([data]));
				expect((await readAll((await storage().get(key)).body)).equals(data)).toBe(true);
				await storage().delete(key);
			}
		);

		it.each(INVALID_KEYS)('refuses a key that is %s, in every operation', async (_label, key) => {
			const s = storage();
			const attempts = [
				() => s.put(key, Readable.from([Buffer.from('x')])),
				() => s.get(key),
				() => s.stat(key),
				() => s.delete(key),
				() => s.presignGet(key, { expiresInSeconds: 60 })
			];
			for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(InvalidKeyError);
		});
	});
}
