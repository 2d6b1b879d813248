import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressResponse, pickEncoding, shouldCompress } from './compress';

describe('pickEncoding', () => {
	it.each([
		['gzip, deflate, br, zstd', 'br'],
		['gzip', 'gzip'],
		['br;q=0, gzip', 'gzip'],
		['gzip;q=0.5, br;q=0.1', 'gzip'],
		['deflate', null],
		['*', 'br'],
		['identity', null],
		['br;q=0, gzip;q=0', null],
		[null, null]
	])('%s → %s', (header, expected) => expect(pickEncoding(header)).toBe(expected));
});

describe('shouldCompress', () => {
	const html = (init: ResponseInit = {}) => new Response('<p>hi</p>', { ...init, headers: { 'content-type': 'text/html', ...(init.headers as object) } });
	it.each([
		['an HTML page', 'GET', html(), true],
		['a HEAD request', 'HEAD', html(), false],
		['JSON', 'GET', new Response('{}', { headers: { 'content-type': 'application/json' } }), false],
		['an already encoded body', 'GET', html({ headers: { 'content-encoding': 'br' } }), false],
		['a 304', 'GET', new Response(null, { status: 304, headers: { 'content-type': 'text/html' } }), false],
		['a partial response', 'GET', html({ status: 206 }), false]
	])('%s: %s', (_label, method, response, expected) => {
		expect(shouldCompress(new Request('http://x/', { method }), response)).toBe(expected);
	});
});

describe('compressResponse', () => {
	const page = '<!doctype html><title>Store</title>' + '<li>The Silent Harbour, by Ada Stone</li>'.repeat(200);
	it.each([
		['br', brotliDecompressSync],
		['gzip', gunzipSync]
	] as const)('%s: the body decodes to the page, headers say so, status and other headers kept', async (encoding, decode) => {
		const original = new Response(page, { status: 404, headers: { 'content-type': 'text/html', 'content-length': String(page.length), 'x-request-id': 'r1' } });
		const res = compressResponse(original, encoding);
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(decode(bytes).toString()).toBe(page);
		expect(bytes.length).toBeLessThan(page.length / 10);
		expect(res.status).toBe(404);
		expect(res.headers.get('content-encoding')).toBe(encoding);
		expect(res.headers.get('content-length')).toBeNull();
		expect(res.headers.get('vary')).toContain('Accept-Encoding');
		expect(res.headers.get('x-request-id')).toBe('r1');
	});

	it('a file keeps its type and gets an ETag of its own per encoding', async () => {
		const bytes = Buffer.alloc(1 << 20, 7);
		const res = compressResponse(new Response(bytes, { headers: { 'content-type': 'application/wasm', etag: '"abc"' } }), 'br', 'file');
		expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).equals(bytes)).toBe(true);
		expect(res.headers.get('content-type')).toBe('application/wasm');
		expect(res.headers.get('etag')).toBe('"abc-br"');
	});
});
