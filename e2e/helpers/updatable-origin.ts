/** A stand-in for a deploy: the same build served again with a new service-worker version. */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A second origin in front of the app whose service-worker.js can be switched to a new version: the
 * same worker with another `version`, which is what a deploy changes. Everything else passes through
 * unchanged (Host and Origin are the app's, so its CSRF check sees its own origin).
 */
export async function startUpdatableOrigin(target: string) {
	const upstream = new URL(target);
	const built = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../build/client/_app/version.json'), 'utf8')).version as string;
	let version = built;
	const server = http.createServer((req, res) => {
		const isWorker = req.url === '/service-worker.js';
		const headers = { ...req.headers, host: upstream.host };
		if (headers.origin) headers.origin = upstream.origin;
		if (isWorker) for (const h of ['accept-encoding', 'if-none-match', 'if-modified-since']) delete headers[h];
		const forward = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (up) => {
			if (!isWorker || up.statusCode !== 200) {
				res.writeHead(up.statusCode ?? 502, up.headers);
				up.pipe(res);
				return;
			}
			const parts: Buffer[] = [];
			up.on('data', (b: Buffer) => parts.push(b));
			up.on('end', () => {
				const body = Buffer.from(Buffer.concat(parts).toString('utf8').replaceAll(built, version));
				const out = { ...up.headers, 'content-length': String(body.length), 'cache-control': 'no-cache' };
				delete out.etag;
				delete out['last-modified'];
				res.writeHead(200, out);
				res.end(body);
			});
		});
		forward.on('error', () => res.destroy());
		req.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		built,
		/** Serves the worker as the next deploy would build it. */
		deployNewVersion() {
			version = String(Number(built) + 1);
			return version;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
