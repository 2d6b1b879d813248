/** Liveness and readiness probes against the production build, on SQLite and on MariaDB. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestApp, type TestApp } from '../helpers/app';

/** A stand-in sidecar whose /health answers `status`. */
async function fakeSidecar(port: number) {
	let status = 200;
	const server = http.createServer((req, res) => {
		res.writeHead(req.url === '/health' ? status : 404, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ status: 'ok' }));
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		answer: (s: number) => (status = s),
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

describe('readiness with working storage', () => {
	let app: TestApp;
	let sidecar: Awaited<ReturnType<typeof fakeSidecar>>;
	beforeAll(async () => {
		const port = await freePort();
		sidecar = await fakeSidecar(port);
		app = await startTestApp({ INFERENCE_URL: `http://127.0.0.1:${port}`, PIPELINE_RUNNER: 'off' });
	});
	afterAll(async () => {
		await app?.stop();
		await sidecar?.close();
	});

	it('liveness answers without checking anything', async () => {
		const res = await fetch(`${app.url}/api/v1/health`);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ status: 'ok' });
	});

	it('sends JSON answers, errors too, with a Content-Length that matches the bytes, not chunked', async () => {
		for (const [path, status] of [['/api/v1/health', 200], ['/api/v1/catalog/categories', 200], ['/api/v1/auth/me', 401]] as const) {
			const answer = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
				http.get(`${app.url}${path}`, (res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
				}).on('error', reject);
			});
			expect(answer.status, path).toBe(status);
			expect(answer.headers['transfer-encoding'], path).toBeUndefined();
			expect(Number(answer.headers['content-length']), path).toBe(answer.body.length);
			expect(() => JSON.parse(answer.body.toString('utf8')), path).not.toThrow();
		}
	});

	it('is ready (200) when the database, storage and sidecar answer', async () => {
		const res = await fetch(`${app.url}/api/v1/ready`);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(await res.json()).toEqual({ status: 'ok', db: 'ok', storage: 'ok', sidecar: 'ok' });
	});

	it('is degraded but still ready (200) when the sidecar fails or is gone', async () => {
		sidecar.answer(500);
		const failing = await fetch(`${app.url}/api/v1/ready`);
		expect(failing.status).toBe(200);
		expect(await failing.json()).toMatchObject({ status: 'degraded', db: 'ok', storage: 'ok', sidecar: 'down', errors: { sidecar: expect.stringContaining('500') } });

		await sidecar.close();
		const gone = await fetch(`${app.url}/api/v1/ready`);
		expect(gone.status).toBe(200);
		const body = await gone.json();
		expect(body).toMatchObject({ status: 'degraded', db: 'ok', storage: 'ok', sidecar: 'down' });
		expect(Object.keys(body.errors)).toEqual(['sidecar']);
	});
});

describe('readiness with unreachable storage', () => {
	let app: TestApp;
	beforeAll(async () => {
		const closed = await freePort();
		app = await startTestApp({
			PIPELINE_RUNNER: 'off',
			INFERENCE_URL: `http://127.0.0.1:${await freePort()}`,
			STORAGE_DRIVER: 's3',
			S3_ENDPOINT: `http://127.0.0.1:${closed}`,
			S3_BUCKET: 'earshelf',
			S3_FORCE_PATH_STYLE: 'true',
			S3_ACCESS_KEY_ID: 'nobody',
			S3_SECRET_ACCESS_KEY: 'nothing'
		});
	});
	afterAll(async () => {
		await app?.stop();
	});

	it('is not ready (503) and names storage, while liveness still answers', async () => {
		const res = await fetch(`${app.url}/api/v1/ready`);
		expect(res.status).toBe(503);
		const body = await res.json();
		expect(body).toMatchObject({ status: 'unavailable', db: 'ok', storage: 'down', sidecar: 'down' });
		expect(body.errors.storage).toMatch(/S3/);
		expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
	});
});
