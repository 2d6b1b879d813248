/**
 * Compresses server-rendered pages. adapter-node precompresses the static files at build time, but the
 * HTML of each page is made per request and would otherwise go out raw: a storefront page is ~22 KB,
 * ~5 KB compressed, which on a phone's slow link is the difference Lighthouse measures in first paint.
 * Only HTML: audio is already compressed (and served with Range), and API bodies are small.
 * Brotli at quality 5 and gzip at level 6: a fraction of a millisecond per page, unlike brotli's
 * default 11, which costs more CPU than the bytes it saves are worth for a per-request body.
 */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import Negotiator from 'negotiator';

export type Encoding = 'br' | 'gzip';

const OFFERED: Encoding[] = ['br', 'gzip'];

/**
 * The encoding to use for a request's Accept-Encoding (q-values honoured, brotli first on a tie), or
 * null for the identity encoding.
 */
export function pickEncoding(acceptEncoding: string | null): Encoding | null {
	if (!acceptEncoding) return null;
	const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } });
	// negotiator 1.x breaks ties by `preferred`; @types/negotiator still describes 0.6 without it.
	const encoding = negotiator.encoding.bind(negotiator) as (available: string[], options: { preferred: string[] }) => string | undefined;
	const best = encoding([...OFFERED, 'identity'], { preferred: OFFERED });
	return OFFERED.find((e) => e === best) ?? null;
}

export function shouldCompress(request: Request, response: Response): boolean {
	if (request.method === 'HEAD' || !response.body) return false;
	if (response.status < 200 || response.status === 204 || response.status === 206 || response.status === 304) return false;
	if (response.headers.has('content-encoding')) return false;
	return (response.headers.get('content-type') ?? '').startsWith('text/html');
}

/**
 * `page` flushes every write so a page streamed in parts (deferred load data) still arrives part by
 * part; `file` compresses a whole static file for the best ratio (the ffmpeg core: 32 MB of wasm,
 * 8.6 MB as brotli at quality 5 in about a second of CPU, sent once per admin and version).
 */
export function compressResponse(response: Response, encoding: Encoding, kind: 'page' | 'file' = 'page'): Response {
	const page = kind === 'page';
	const stream =
		encoding === 'br'
			? zlib.createBrotliCompress({
					...(page ? { flush: zlib.constants.BROTLI_OPERATION_FLUSH } : {}),
					params: {
						[zlib.constants.BROTLI_PARAM_QUALITY]: 5,
						[zlib.constants.BROTLI_PARAM_MODE]: page ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC
					}
				})
			: zlib.createGzip({ level: 6, ...(page ? { flush: zlib.constants.Z_SYNC_FLUSH } : {}) });
	const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(stream);
	const headers = new Headers(response.headers);
	headers.set('content-encoding', encoding);
	headers.delete('content-length');
	headers.append('vary', 'Accept-Encoding');
	// Each encoding is its own representation: a strong ETag must differ between them.
	const etag = headers.get('etag');
	if (etag) headers.set('etag', etag.replace(/"$/, `-${encoding}"`));
	return new Response(Readable.toWeb(body) as ReadableStream, { status: response.status, statusText: response.statusText, headers });
}
