/** GET /metrics against the production build, on SQLite and on MariaDB. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSteps } from '../../src/lib/server/pipeline/steps.repository';
import { startTestApp, type TestApp } from '../helpers/app';
import { insertBook, sessionCookie, waitFor } from '../helpers/pipeline';

const TOKEN = 'scrape-me-0123456789';
let app: TestApp;
beforeAll(async () => {
	app = await startTestApp({ METRICS_TOKEN: TOKEN, PIPELINE_RUNNER: 'off' });
});
afterAll(async () => {
	await app?.stop();
});

async function scrape(): Promise<string> {
	const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
	return res.text();
}

/** The value of one series, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
	const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
	for (const line of text.split('\n')) {
		const m = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
		if (m?.[1] === name && wanted.every((l) => m[2]!.split(',').includes(l))) return Number(m[3]);
	}
	return undefined;
}

describe('GET /metrics', () => {
	it('refuses a scrape without the METRICS_TOKEN bearer', async () => {
		expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
		const wrong = await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer not-it' } });
		expect(wrong.status).toBe(401);
		expect((await wrong.json()).error.code).toBe('unauthenticated');
	});

	it('counts requests by route id, not by raw path', async () => {
		const route = { method: 'GET', route: '/api/v1/catalog/books/[id]', status: '404' };
		const before = sample(await scrape(), 'earshelf_http_request_duration_seconds_count', route) ?? 0;
		for (const id of ['nope-1', 'nope-2']) expect((await fetch(`${app.url}/api/v1/catalog/books/${id}`)).status).toBe(404);
		const text = await scrape();
		expect(sample(text, 'earshelf_http_request_duration_seconds_count', route)).toBe(before + 2);
		expect(text).not.toContain('nope-1');
	});

	it('reports pipeline steps by state from the database, console clients and process metrics', async () => {
		const now = Date.now();
		const { bookId } = await insertBook(app.db());
		await createSteps(app.db(), bookId, now, { uploadedAt: now });
		const text = await scrape();
		expect(sample(text, 'earshelf_pipeline_steps', { step: 'upload', status: 'succeeded' })).toBe(1);
		expect(sample(text, 'earshelf_pipeline_steps', { step: 'transcribe', status: 'pending' })).toBe(1);
		expect(text).toMatch(/^earshelf_console_clients 0$/m);
		expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
		expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
	});

	it('counts the console WebSockets open on this instance', async () => {
		const cookie = await sessionCookie(app.url, app.admin.email, app.admin.password);
		const ws = new WebSocket(`${app.url.replace('http', 'ws')}/ws/admin/console`, { headers: { cookie, origin: app.url } });
		await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
		try {
			expect(await scrape()).toMatch(/^earshelf_console_clients 1$/m);
		} finally {
			ws.close();
		}
		await waitFor('the console to close', async () => /^earshelf_console_clients 0$/m.test(await scrape()), 10_000);
	});
});
