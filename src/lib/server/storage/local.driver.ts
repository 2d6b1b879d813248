/**
 * Blobs as files under one root directory (DATA_DIR/blobs):
 *   objects/<key>   the bytes
 *   meta/<key>      sidecar JSON { contentType }, absent when the put gave none
 *   tmp/            uploads in progress
 * Separate trees of the same shape keep sidecars and temp files out of the key namespace, so no
 * key can collide with them; tmp/ sits on the same filesystem as objects/, so rename() is atomic.
 * The etag is derived from the object file (inode, size, mtime), never stored, so it cannot go stale.
 * Known limit of a filesystem: a key cannot also be a "folder" of another key ("a" and "a/b").
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import {
	assertValidKey,
	InvalidKeyError,
	StorageNotFoundError,
	StorageUnavailableError,
	type BlobInfo,
	type BlobStorage,
	type ByteRange
} from './driver';

export function createLocalStorage(root: string): BlobStorage {
	const objectsDir = join(root, 'objects');
	const metaDir = join(root, 'meta');
	const tmpDir = join(root, 'tmp');

	async function readContentType(key: string): Promise<string | null> {
		try {
			const meta = JSON.parse(await readFile(join(metaDir, key), 'utf8')) as { contentType?: unknown };
			return typeof meta.contentType === 'string' ? meta.contentType : null;
		} catch (err) {
			if (isMissing(err)) return null;
			throw err;
		}
	}

	/** null when nothing (or only a leftover folder) is stored under key. */
	async function info(key: string): Promise<BlobInfo | null> {
		let s;
		try {
			s = await stat(join(objectsDir, key), { bigint: true });
		} catch (err) {
			if (isMissing(err)) return null;
			throw err;
		}
		if (!s.isFile()) return null;
		// Every put renames a fresh file into place, so the inode alone already changes per put.
		const etag = `"${s.ino.toString(16)}-${s.size.toString(16)}-${s.mtimeNs.toString(16)}"`;
		return { size: Number(s.size), contentType: await readContentType(key), etag };
	}

	async function put(
		key: string,
		body: Readable,
		opts: { contentType?: string; signal?: AbortSignal } = {}
	): Promise<{ size: number }> {
		assertValidKey(key);
		const tmp = join(tmpDir, `${randomUUID()}.part`);
		const tmpMeta = `${tmp}.json`;
		try {
			await mkdir(tmpDir, { recursive: true });
			// flush: fsync before close, so the rename below never publishes bytes still in page cache.
			await pipeline(body, createWriteStream(tmp, { flush: true }), { signal: opts.signal });
			// The sidecar goes first: a crash in between leaves old bytes with the new type at worst.
			if (opts.contentType === undefined) {
				await rm(join(metaDir, key), { force: true });
			} else {
				const meta = JSON.stringify({ contentType: opts.contentType });
				await writeFile(tmpMeta, meta, { flush: true });
				await moveInto(tmpMeta, metaDir, key);
			}
			await moveInto(tmp, objectsDir, key);
			return { size: (await stat(join(objectsDir, key))).size };
		} catch (err) {
			await rm(tmp, { force: true });
			await rm(tmpMeta, { force: true });
			throw asKeyClash(err, key);
		}
	}

	async function get(key: string, range?: ByteRange): Promise<{ body: Readable; info: BlobInfo }> {
		assertValidKey(key);
		let handle;
		try {
			handle = await open(join(objectsDir, key), 'r');
		} catch (err) {
			if (isMissing(err)) throw new StorageNotFoundError(key);
			throw err;
		}
		try {
			// Stat after open: the stream reads the inode we opened even if a put replaces it meanwhile.
			const blob = await info(key);
			if (!blob) throw new StorageNotFoundError(key);
			const body = handle.createReadStream({ start: range?.start, end: range?.end });
			return { body, info: blob };
		} catch (err) {
			await handle.close();
			throw err;
		}
	}

	async function remove(key: string): Promise<void> {
		assertValidKey(key);
		await rm(join(objectsDir, key), { force: true });
		await rm(join(metaDir, key), { force: true });
		// Empty folders left behind would block a later put of a key named like the folder.
		await pruneEmptyParents(objectsDir, key);
		await pruneEmptyParents(metaDir, key);
	}

	async function check(): Promise<void> {
		const probe = join(tmpDir, `check-${randomUUID()}`);
		try {
			for (const dir of [objectsDir, metaDir, tmpDir]) await mkdir(dir, { recursive: true });
			await writeFile(probe, 'ok');
			await rm(probe);
		} catch (err) {
			throw new StorageUnavailableError(
				`Blob directory ${root} is not usable (${errno(err) ?? String(err)}). ` +
					'Create it and give the app user write access, or point DATA_DIR elsewhere.',
				{ cause: err }
			);
		}
	}

	return {
		kind: 'local',
		put,
		get,
		stat: async (key) => {
			assertValidKey(key);
			return info(key);
		},
		delete: remove,
		presignGet: async (key) => {
			assertValidKey(key);
			return null; // files are served through the app, which checks access on every request
		},
		probeLocation: async (key) => {
			assertValidKey(key);
			return join(objectsDir, key);
		},
		check
	};
}

/** Atomically renames file to base/key, creating parents; durable once the folder is synced. */
async function moveInto(file: string, base: string, key: string): Promise<void> {
	const target = join(base, key);
	await mkdir(dirname(target), { recursive: true });
	try {
		await rename(file, target);
	} catch (err) {
		// A concurrent delete may have pruned the freshly made parent folder: make it once more.
		if (errno(err) !== 'ENOENT') throw err;
		await mkdir(dirname(target), { recursive: true });
		await rename(file, target);
	}
	const dir = await open(dirname(target), 'r');
	try {
		await dir.sync();
	} finally {
		await dir.close();
	}
}

async function pruneEmptyParents(base: string, key: string): Promise<void> {
	for (let dir = dirname(key); dir !== '.'; dir = dirname(dir)) {
		try {
			await rmdir(join(base, dir));
		} catch {
			return; // not empty (or already gone): the folders above are not empty either
		}
	}
}

function errno(err: unknown): string | undefined {
	return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/* ENOTDIR: a "folder" on the key's path is itself a blob ("a" exists, asked for "a/b"). */
function isMissing(err: unknown): boolean {
	const code = errno(err);
	return code === 'ENOENT' || code === 'ENOTDIR';
}

function asKeyClash(err: unknown, key: string): unknown {
	const code = errno(err);
	if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') {
		return new InvalidKeyError(
			key,
			'it clashes with a stored key that is its parent or child path ("a" and "a/b" cannot both exist in local storage).'
		);
	}
	return err;
}
