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
