/**
 * The one interface every blob backend implements (immich's remote-storage/driver.ts is the model).
 * Domain code depends on BlobStorage only; which backend runs is decided once, in index.ts.
 */
import type { Readable } from 'node:stream';

/** Inclusive byte range, already validated against the blob's size by the caller. */
export interface ByteRange {
	start: number;
	end: number;
}

export interface BlobInfo {
	/** Size of the whole blob in bytes, also when a ranged get returned only part of it. */
	size: number;
	contentType: string | null;
	/** An HTTP entity-tag, quotes included, ready for an ETag header; changes whenever the content does. */
	etag: string | null;
}

export interface BlobStorage {
	readonly kind: 'local' | 's3';
	/** Streams body to key without buffering the whole body (constant memory). Resolves when durable. Overwrites. */
	put(
		key: string,
		body: Readable,
		opts?: { contentType?: string; signal?: AbortSignal }
	): Promise<{ size: number }>;
	/** Throws StorageNotFoundError when missing. range optional. */
	get(key: string, range?: ByteRange): Promise<{ body: Readable; info: BlobInfo }>;
	stat(key: string): Promise<BlobInfo | null>;
	/** Idempotent: deleting a missing key succeeds. */
	delete(key: string): Promise<void>;
	/** A short-lived direct URL (S3 presigned GET) or null when the backend has none (local). */
	presignGet(
		key: string,
		opts: { expiresInSeconds: number; downloadName?: string; contentType?: string }
	): Promise<string | null>;
	/**
	 * Where a child process (ffprobe) can read the blob: the file's absolute path (local) or a
	 * short-lived presigned GET URL (S3; ffprobe reads it with HTTP range requests).
	 */
	probeLocation(key: string, opts: { expiresInSeconds: number }): Promise<string>;
	/** Readiness check: throws StorageUnavailableError with a clear message (missing bucket, bad credentials, unreachable, unwritable dir). */
	check(): Promise<void>;
}

/*
 * The errors carry the app's error-vocabulary code but do not extend AppError on purpose:
 * StorageUnavailableError messages name buckets, endpoints and paths for the operator, and must
 * not reach HTTP clients verbatim. The caller maps them (e.g. to `unavailable('Try again later.')`).
 */

export class StorageNotFoundError extends Error {
	readonly code = 'not_found';
	constructor(readonly key: string) {
		super(`No blob is stored under key "${key}".`);
		this.name = 'StorageNotFoundError';
	}
}

export class StorageUnavailableError extends Error {
	readonly code = 'unavailable';
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'StorageUnavailableError';
	}
}

export class InvalidKeyError extends Error {
	readonly code = 'invalid_input';
	constructor(
		readonly key: string,
		reason: string
	) {
		super(`Invalid storage key ${JSON.stringify(key.slice(0, 80))}: ${reason}`);
		this.name = 'InvalidKeyError';
	}
}

export const MAX_KEY_LENGTH = 512;
/*
 * Filesystems cap one name at 255 bytes (segments are ASCII); checking here, not in the local
 * driver, keeps every key portable between backends.
 */
export const MAX_SEGMENT_LENGTH = 255;
const SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Throws InvalidKeyError unless key is a relative, '/'-separated path of safe segments. */
export function assertValidKey(key: string): void {
	const fail = (reason: string): never => {
		throw new InvalidKeyError(key, reason);
	};
	if (key.length === 0) fail('it is empty.');
	if (key.length > MAX_KEY_LENGTH) fail(`it is longer than ${MAX_KEY_LENGTH} characters.`);
	if (key.startsWith('/')) fail('it must be relative (no leading "/").');
	for (const segment of key.split('/')) {
		if (segment === '') fail('it has an empty segment ("//" or a trailing "/").');
		if (segment === '.' || segment === '..') fail('"." and ".." segments are not allowed.');
		if (segment.length > MAX_SEGMENT_LENGTH)
			fail(`a segment is longer than ${MAX_SEGMENT_LENGTH} characters.`);
		if (!SEGMENT.test(segment)) fail('segments may only contain A-Z, a-z, 0-9, ".", "_" and "-".');
	}
}
