/**
 * Streams a stored blob as an HTTP response with Range, ETag and conditional requests, through the
 * app (so access is checked on every request). `limit` serves only the blob's first bytes as if they
 * were the whole entity: no Range, however written, reaches past it (the catalog preview).
 */
import { Readable } from 'node:stream';
import { unavailable } from '../errors';
import {
	contentDisposition,
	StorageNotFoundError,
	StorageUnavailableError,
	type BlobStorage,
	type ByteRange
} from '../storage';
import { parseRange } from './range';

export interface ServeBlobOptions {
	key: string;
	contentType: string;
	cacheControl: string;
	/** Serve at most this many leading bytes, as an entity of that size. */
	limit?: number;
	/** Set for `Content-Disposition: attachment` with this file name. */
	downloadName?: string;
}

export async function serveBlob(storage: BlobStorage, request: Request, opts: ServeBlobOptions): Promise<Response> {
	const info = await storageCall(() => storage.stat(opts.key));
	if (!info) throw unavailable('The audio file of this book is missing from storage. Tell the store admin.');
	const size = Math.min(info.size, opts.limit ?? Number.POSITIVE_INFINITY);
	// A prefix is a different entity from the whole blob, so it gets its own validator.
	const etag = info.etag && size < info.size ? info.etag.replace(/"$/, `-p${size}"`) : info.etag;

	const headers = new Headers({
		'accept-ranges': 'bytes',
		'content-type': opts.contentType,
		'cache-control': opts.cacheControl
	});
	if (etag) headers.set('etag', etag);
	if (opts.downloadName) headers.set('content-disposition', contentDisposition(opts.downloadName));

	if (etag && matchesAny(request.headers.get('if-none-match'), etag)) {
		return new Response(null, { status: 304, headers });
	}
	// If-Range: the client's partial copy is stale, so it gets the whole (current) entity.
	const ifRange = request.headers.get('if-range');
	const rangeHeader = ifRange !== null && ifRange !== etag ? null : request.headers.get('range');
	const wanted = parseRange(rangeHeader, size);

	if (wanted.kind === 'unsatisfiable') {
		headers.set('content-range', `bytes */${size}`);
		return new Response(null, { status: 416, headers });
	}
	let range: ByteRange | undefined;
	if (wanted.kind === 'partial') range = wanted.range;
	else if (size < info.size) range = { start: 0, end: size - 1 };
	if (size === 0) {
		headers.set('content-length', '0');
		return new Response(null, { status: 200, headers });
	}
	const { body } = await storageCall(() => storage.get(opts.key, range));
	const length = range ? range.end - range.start + 1 : size;
	headers.set('content-length', String(length));
	if (wanted.kind === 'partial') headers.set('content-range', `bytes ${range!.start}-${range!.end}/${size}`);
	return new Response(Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>, {
		status: wanted.kind === 'partial' ? 206 : 200,
		headers
	});
}

function matchesAny(ifNoneMatch: string | null, etag: string): boolean {
	if (!ifNoneMatch) return false;
	if (ifNoneMatch.trim() === '*') return true;
	return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/* Storage errors name buckets and paths for the operator; the client only learns to try again. */
async function storageCall<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof StorageNotFoundError) {
			throw unavailable('The audio file of this book is missing from storage. Tell the store admin.');
		}
		if (e instanceof StorageUnavailableError) throw unavailable('Audio storage is not reachable. Try again in a moment.');
		throw e;
	}
}
