/**
 * The ffmpeg.wasm core for the new-book form's browser probe comes from our own origin, to admins
 * only, under its version (so it may be cached for good); and server-rendered pages go out compressed.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import http from 'node:http';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { signInAdmin } from '../helpers/admin-upload';
import { client, uniqueEmail } from '../helpers/http';

const coreDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@ffmpeg/core')), '..', 'esm');
const version = (JSON.parse(readFileSync(path.join(coreDir, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

let app: TestApp;
let admin: string;
let buyer: string;
beforeAll(async () => {
	app = await startTestApp({ PIPELINE_RUNNER: 'off' });
	admin = await signInAdmin(app);
	const signUp = await client(app.url).post('/api/v1/auth/sign-up', { email: uniqueEmail('buyer'), password: 'buyer password 1', name: 'B' });
	buyer = signUp.body.accessToken;
});
afterAll(async () => app?.stop());

const get = (p: string, token?: string, headers: Record<string, string> = {}) =>
	fetch(app.url + p, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

describe('GET /admin/ffmpeg-core/:version/:file', () => {
	it('serves the wasm and the loader to admins, whole, typed and cacheable', async () => {
		const wasm = await get(`/admin/ffmpeg-core/${version}/ffmpeg-core.wasm`, admin);
		expect(wasm.status).toBe(200);
		expect(wasm.headers.get('content-type')).toBe('application/wasm');
		expect(wasm.headers.get('cache-control')).toContain('immutable');
		const bytes = Buffer.from(await wasm.arrayBuffer());
		expect(bytes.length).toBe(statSync(path.join(coreDir, 'ffmpeg-core.wasm')).size);
		expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d])); // "\0asm"

		// On the wire it is compressed: about a quarter of its size as brotli.
		const raw = await rawGet(`/admin/ffmpeg-core/${version}/ffmpeg-core.wasm`, { 'accept-encoding': 'br', authorization: `Bearer ${admin}` });
		expect(raw.headers['content-encoding']).toBe('br');
		expect(raw.body.length).toBeLessThan(bytes.length / 3);
		expect(brotliDecompressSync(raw.body).equals(bytes)).toBe(true);

		const js = await get(`/admin/ffmpeg-core/${version}/ffmpeg-core.js`, admin);
		expect(js.status).toBe(200);
		expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
		const again = await get(`/admin/ffmpeg-core/${version}/ffmpeg-core.js`, admin, { 'if-none-match': js.headers.get('etag')! });
		expect(again.status).toBe(304);
	});

	it.each([
		['anonymous', undefined, `/admin/ffmpeg-core/${version}/ffmpeg-core.wasm`, 401],
		['a buyer', 'buyer', `/admin/ffmpeg-core/${version}/ffmpeg-core.wasm`, 403],
		['another version', 'admin', '/admin/ffmpeg-core/0.0.1/ffmpeg-core.wasm', 404],
		['another file', 'admin', `/admin/ffmpeg-core/${version}/package.json`, 404],
		['a path outside', 'admin', `/admin/ffmpeg-core/${version}/..%2F..%2Fpackage.json`, 404]
	])('refuses %s', async (_label, who, p, status) => {
		const res = await get(p, who === 'admin' ? admin : who === 'buyer' ? buyer : undefined);
		expect(res.status).toBe(status);
	});
});

/** A GET that does not decode the body, to see what goes over the wire. */
const rawGet = (p: string, headers: Record<string, string>) =>
	new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
		http.get(`${app.url}${p}`, { headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c) => chunks.push(c)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
		}).on('error', reject);
	});

describe('page compression', () => {
	it('sends the storefront HTML brotli-compressed to a browser that accepts it, plain to one that does not', async () => {
		const raw = (encoding: string) => rawGet('/', { 'accept-encoding': encoding });
		const br = await raw('gzip, deflate, br');
		expect(br.headers['content-encoding']).toBe('br');
		expect(br.headers.vary).toMatch(/accept-encoding/i);
		const html = brotliDecompressSync(br.body).toString();
		expect(html).toContain('</html>');
		const plain = await raw('identity');
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.body.toString()).toContain('</html>');
		expect(br.body.length).toBeLessThan(plain.body.length / 2);
	});
});
