import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidKeyError, StorageUnavailableError, type BlobStorage } from './driver';
import { createStorage } from './index';
import { describeStorageContract, endlessBody, generatedBody, readAll, uniqueKey } from './storage.contract';

let dir: string;
let root: string;
let storage: BlobStorage;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'earshelf-blobs-'));
	root = join(dir, 'blobs');
	storage = createStorage({ kind: 'local', root });
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

describeStorageContract('local', () => storage);

/** Every file under dir, relative to it: shows exactly what a put left on disk. */
async function filesUnder(path: string): Promise<string[]> {
	const entries = await readdir(path, { recursive: true, withFileTypes: true }).catch(() => []);
	return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(path.length + 1));
}

describe('local driver', () => {
	it('is kind local and has no direct URLs', async () => {
		expect(storage.kind).toBe('local');
		await storage.put('presign/a.mp3', Readable.from([Buffer.from('x')]));
		expect(await storage.presignGet('presign/a.mp3', { expiresInSeconds: 60 })).toBeNull();
	});

	it.each([
		['fails mid-stream', () => generatedBody(1024 * 1024, { failAfter: 200 * 1024 }).stream, undefined],
		['is aborted', () => endlessBody(), 100]
	] as const)('leaves no file and no temp file when the body %s', async (_label, body, abortAfterMs) => {
		const key = uniqueKey('atomic.mp3');
		const controller = new AbortController();
		if (abortAfterMs) setTimeout(() => controller.abort(), abortAfterMs);
		await expect(
			storage.put(key, body(), { contentType: 'audio/mpeg', signal: controller.signal })
		).rejects.toThrow();
		expect((await filesUnder(root)).filter((f) => f.includes(key) || f.startsWith('tmp/'))).toEqual([]);
	});

	it('names the stored file as its probe location', async () => {
		await storage.put('probe/a.mp3', Readable.from([Buffer.from('abc')]));
		const location = await storage.probeLocation('probe/a.mp3', { expiresInSeconds: 60 });
		expect(location).toBe(join(root, 'objects', 'probe', 'a.mp3'));
		expect(await readFile(location, 'utf8')).toBe('abc');
	});

	it('keeps blobs and sidecars in their own trees, nothing outside root', async () => {
		await storage.put('layout/book.mp3', Readable.from([Buffer.from('abc')]), { contentType: 'audio/mpeg' });
		const files = await filesUnder(dir);
		expect(files).toContain('blobs/objects/layout/book.mp3');
		expect(files).toContain('blobs/meta/layout/book.mp3');
		expect(files.every((f) => f.startsWith('blobs/'))).toBe(true);
	});

	it('a traversal key touches nothing outside root', async () => {
		await expect(storage.put('../escape.txt', Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
			InvalidKeyError
		);
		expect(await filesUnder(dir)).not.toContain('escape.txt');
	});

	it('refuses a key whose parent path is itself a blob, and frees the name after delete', async () => {
		await storage.put('clash/a', Readable.from([Buffer.from('file')]));
		await expect(storage.put('clash/a/b', Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
			InvalidKeyError
		);
		expect(await storage.stat('clash/a/b')).toBeNull();
		await storage.delete('clash/a');
		await storage.put('clash/a/b', Readable.from([Buffer.from('nested')]));
		expect(await storage.stat('clash/a')).toBeNull(); // a folder now, not a blob
		await storage.delete('clash/a/b');
		await storage.put('clash/a', Readable.from([Buffer.from('file again')]));
		expect((await readAll((await storage.get('clash/a')).body)).toString()).toBe('file again');
	});

	it('check explains an unusable directory', async () => {
		const notADir = join(dir, 'plain-file');
		await writeFile(notADir, 'x');
		const broken = createStorage({ kind: 'local', root: join(notADir, 'blobs') });
		await expect(broken.check()).rejects.toBeInstanceOf(StorageUnavailableError);
		await expect(broken.check()).rejects.toThrow(/plain-file\/blobs is not usable \(ENOTDIR\).*DATA_DIR/);
	});
});
