/**
 * HTTP Range answers for audio the service worker holds offline. The Cache API refuses 206 responses,
 * so the worker keeps whole files (one Blob, or chunk Blobs in order) and cuts each `<audio>` request
 * out of them here. Only Blob.slice is used, so a 300 MB book is never read into memory to answer
 * `bytes=0-1`.
 *
 * One range per request, like Workbox's createPartialResponse: browsers' media elements never ask for
 * more, and anything we cannot answer exactly (multi-range, malformed, past the end) is a 416 with
 * `Content-Range: bytes *\/size`, so a player fails loudly instead of playing the wrong bytes.
 */

import { chunkAt, slicesForRange } from '../offline/chunks';

/** Inclusive byte positions, as in `Content-Range: bytes start-end/size`. */
export interface ByteRange {
	start: number;
	end: number;
}

export type RangeResult = { kind: 'none' } | { kind: 'range'; range: ByteRange } | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Reads a Range header against a body of `size` bytes. No header → `none` (answer 200 with the whole
 * body); a suffix `bytes=-n` longer than the body, or an end past it, is clamped as RFC 9110 says.
 */
export function parseRange(header: string | null | undefined, size: number): RangeResult {
	if (header == null || header.trim() === '') return { kind: 'none' };
	const m = SINGLE_RANGE.exec(header.trim().replace(/\s+/g, ''));
	if (!m || (m[1] === '' && m[2] === '')) return { kind: 'unsatisfiable' };
	if (m[1] === '') {
		const suffix = Number(m[2]);
		if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
		return { kind: 'range', range: { start: Math.max(0, size - suffix), end: size - 1 } };
	}
	const start = Number(m[1]);
	const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
	if (start >= size || end < start) return { kind: 'unsatisfiable' };
	return { kind: 'range', range: { start, end } };
}

/** The bytes [start, endExclusive) of the chunks laid end to end, as a Blob made of slices. */
export function sliceChunks(chunks: readonly Blob[], start: number, endExclusive: number, type = ''): Blob {
	const parts: Blob[] = [];
	let offset = 0;
	for (const chunk of chunks) {
		const chunkEnd = offset + chunk.size;
		if (chunkEnd > start && offset < endExclusive) {
			parts.push(chunk.slice(Math.max(0, start - offset), Math.min(chunk.size, endExclusive - offset)));
		}
		offset = chunkEnd;
		if (offset >= endExclusive) break;
	}
	return new Blob(parts, { type });
}

export interface RangeResponseOptions {
	/** The stored file's type; the chunks' own `type` is used when left out. */
	contentType?: string;
	/** Extra headers (ETag, Cache-Control…) copied onto every answer. */
	headers?: HeadersInit;
}

/**
 * The answer to a request with `rangeHeader` for the body `body` (one Blob, or chunk Blobs in order):
 * 200 with the whole body when there is no Range header, 206 with exactly the asked bytes, or 416.
 */
export function rangeResponse(
	body: Blob | readonly Blob[],
	rangeHeader: string | null | undefined,
	options: RangeResponseOptions = {}
): Response {
	const chunks = body instanceof Blob ? [body] : body;
	const size = chunks.reduce((n, c) => n + c.size, 0);
	const contentType = options.contentType ?? chunks[0]?.type ?? '';
	const headers = new Headers(options.headers);
	headers.set('Accept-Ranges', 'bytes');
	if (contentType) headers.set('Content-Type', contentType);

	const result = parseRange(rangeHeader, size);
	if (result.kind === 'unsatisfiable') {
		headers.set('Content-Range', `bytes */${size}`);
		headers.set('Content-Length', '0');
		headers.delete('Content-Type');
		return new Response(null, { status: 416, statusText: 'Range Not Satisfiable', headers });
	}
	const { start, end } = result.kind === 'range' ? result.range : { start: 0, end: size - 1 };
	const length = end - start + 1;
	headers.set('Content-Length', String(length));
	if (result.kind === 'none') return new Response(sliceChunks(chunks, 0, size, contentType), { status: 200, headers });
	headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
	return new Response(sliceChunks(chunks, start, end + 1, contentType), {
		status: 206,
		statusText: 'Partial Content',
		headers
	});
}

/** Reads one stored chunk by index; undefined when it is not there (evicted, or never written). */
export type ChunkReader = (index: number) => Promise<Blob | undefined>;

export interface ChunkedBody {
	/** The whole file's size, as the server reported it at download time. */
	total: number;
	chunkSize: number;
	read: ChunkReader;
}

/**
 * Like rangeResponse, for a file stored as fixed-size chunks that are read only when the player's
 * stream reaches them: a seek to the middle of a 300 MB book touches one or two 4 MiB chunks, never
 * the whole file. Resolves to null when the first chunk needed is missing or the wrong size, so the
 * caller can go to the network instead; a chunk found missing later errors the stream.
 */
export async function chunkedRangeResponse(
	body: ChunkedBody,
	rangeHeader: string | null | undefined,
	options: RangeResponseOptions = {}
): Promise<Response | null> {
	const { total, chunkSize } = body;
	const headers = new Headers(options.headers);
	headers.set('Accept-Ranges', 'bytes');

	const result = parseRange(rangeHeader, total);
	if (result.kind === 'unsatisfiable') {
		headers.set('Content-Range', `bytes */${total}`);
		headers.set('Content-Length', '0');
		return new Response(null, { status: 416, statusText: 'Range Not Satisfiable', headers });
	}
	const { start, end } = result.kind === 'range' ? result.range : { start: 0, end: total - 1 };
	const slices = slicesForRange(start, end, total, chunkSize);
	const readSlice = async (i: number): Promise<Uint8Array | undefined> => {
		const { index, from, to } = slices[i]!;
		const chunk = await body.read(index);
		const expected = chunkAt(index, total, chunkSize);
		if (!chunk || chunk.size !== expected.end - expected.start + 1) return undefined;
		return new Uint8Array(await chunk.slice(from, to).arrayBuffer());
	};
	const first = await readSlice(0);
	if (!first) return null;

	let next = 0;
	const stream = new ReadableStream<Uint8Array>({
		async pull(controller) {
			const bytes = next === 0 ? first : await readSlice(next);
			if (!bytes) {
				controller.error(new Error(`chunk ${slices[next]!.index} of the stored book is missing`));
				return;
			}
			controller.enqueue(bytes);
			next += 1;
			if (next === slices.length) controller.close();
		}
	});
	if (options.contentType) headers.set('Content-Type', options.contentType);
	headers.set('Content-Length', String(end - start + 1));
	if (result.kind === 'none') return new Response(stream, { status: 200, headers });
	headers.set('Content-Range', `bytes ${start}-${end}/${total}`);
	return new Response(stream, { status: 206, statusText: 'Partial Content', headers });
}
