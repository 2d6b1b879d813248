/**
 * The admin console WebSocket against the production build: the handshake is authenticated before
 * the upgrade (no session 401, user 403, foreign Origin 403), and a client that reconnects with
 * ?since gets exactly the events it missed, in order, then live ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { appendEvent, pruneEvents } from '../../src/lib/server/pipeline/events.repository';
import { startTestApp, type TestApp } from '../helpers/app';
import { client, uniqueEmail } from '../helpers/http';
import { insertBook, sessionCookie, waitFor } from '../helpers/pipeline';

let app: TestApp;
let adminCookie: string;
let userCookie: string;
beforeAll(async () => {
	app = await startTestApp({ PIPELINE_RUNNER: 'off', CONSOLE_HEARTBEAT_SECONDS: '1' });
	adminCookie = await sessionCookie(app.url, app.admin.email, app.admin.password);
	const email = uniqueEmail('listener');
	expect((await client(app.url).post('/api/v1/auth/sign-up', { email, password: 'correct horse battery', name: 'L' })).status).toBe(201);
	userCookie = await sessionCookie(app.url, email, 'correct horse battery');
});
afterAll(async () => {
	await app?.stop();
});

const wsUrl = (query = '') => `${app.url.replace('http', 'ws')}/ws/admin/console${query}`;

/** The handshake's HTTP status: 101 when it opened. */
function handshake(headers: Record<string, string>, query = ''): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(wsUrl(query), { headers });
		ws.on('open', () => {
			ws.close();
			resolve(101);
		});
		ws.on('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			ws.terminate();
		});
		ws.on('error', (e) => reject(e));
	});
}

interface Message {
	type: string;
	id?: number;
	kind?: string;
	bookId?: string;
	data?: { i?: number };
	lastEventId?: number;
}

/** A console client that records every message. */
function connect(query: string) {
	const messages: Message[] = [];
	const ws = new WebSocket(wsUrl(query), { headers: { cookie: adminCookie, origin: app.url } });
	ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Message));
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	const events = () => messages.filter((m) => m.type === 'event');
	return { ws, messages, events, opened };
}

describe('console handshake', () => {
	it.each([
		['no session cookie', () => ({ origin: app.url }), 401],
		['a listener\'s cookie', () => ({ cookie: userCookie, origin: app.url }), 403],
		['an admin\'s cookie from a foreign Origin', () => ({ cookie: adminCookie, origin: 'https://evil.example' }), 403],
		['an admin\'s cookie, same Origin', () => ({ cookie: adminCookie, origin: app.url }), 101]
	])('%s → %i', async (_name, headers, expected) => {
		expect(await handshake(headers())).toBe(expected);
	});

	it('refuses a malformed since (400)', async () => {
		expect(await handshake({ cookie: adminCookie, origin: app.url }, '?since=-4')).toBe(400);
	});
});

describe('console stream', () => {
	it('streams live events, and a reconnect with since gets exactly the missed ones, in order', async () => {
		const db = app.db();
		const { bookId } = await insertBook(db);
		const { bookId: other } = await insertBook(db);
		const first = connect(`?book=${bookId}`);
		await first.opened;
		await waitFor('hello', async () => first.messages.some((m) => m.type === 'hello'));

		for (let i = 1; i <= 40; i++) {
			await appendEvent(db, bookId, 'log', { i }, Date.now());
			if (i % 10 === 0) await appendEvent(db, other, 'log', { other: i }, Date.now());
		}
		await waitFor('40 live events', async () => first.events().length >= 40, 10_000);
		expect(first.events().map((m) => m.data?.i)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
		expect(first.events().every((m) => m.bookId === bookId && m.kind === 'log')).toBe(true);
		const lastSeen = first.events().at(-1)!.id!;
		first.ws.close();

		for (let i = 41; i <= 60; i++) await appendEvent(db, bookId, 'progress', { i }, Date.now());
		await appendEvent(db, other, 'log', { other: 99 }, Date.now());

		const again = connect(`?book=${bookId}&since=${lastSeen}`);
		await again.opened;
		await waitFor('the replay', async () => again.messages.some((m) => m.type === 'caught-up'), 10_000);
		for (let i = 61; i <= 65; i++) await appendEvent(db, bookId, 'log', { i }, Date.now());
		await waitFor('live events after the replay', async () => again.events().length >= 25, 10_000);
		await new Promise((r) => setTimeout(r, 300)); // anything extra would arrive now
		const got = again.events();
		expect(got.map((m) => m.data?.i)).toEqual(Array.from({ length: 25 }, (_, i) => i + 41));
		const ids = got.map((m) => m.id!);
		expect(ids).toEqual([...ids].sort((a, b) => a - b));
		expect(ids[0]).toBeGreaterThan(lastSeen);
		again.ws.close();
	});

	it('streams every book without ?book, and sends heartbeats', async () => {
		const db = app.db();
		const all = connect('');
		await all.opened;
		await waitFor('hello', async () => all.messages.some((m) => m.type === 'hello'));
		const a = await insertBook(db);
		const b = await insertBook(db);
		await appendEvent(db, a.bookId, 'step', { status: 'running' }, Date.now());
		await appendEvent(db, b.bookId, 'step', { status: 'running' }, Date.now());
		await waitFor('both books', async () => all.events().length >= 2, 10_000);
		expect(all.events().map((m) => m.bookId)).toEqual([a.bookId, b.bookId]);
		await waitFor('a heartbeat', async () => all.messages.some((m) => m.type === 'hb'), 5_000);
		all.ws.close();
	});

	it('sends reset when since is older than what is kept', async () => {
		const db = app.db();
		const { bookId } = await insertBook(db);
		const first = await appendEvent(db, bookId, 'log', { i: 1 }, Date.now());
		for (let i = 2; i <= 10; i++) await appendEvent(db, bookId, 'log', { i }, Date.now());
		await pruneEvents(db, bookId, 3);
		await new Promise((r) => setTimeout(r, 300));
		const late = connect(`?book=${bookId}&since=${first}`);
		await late.opened;
		await waitFor('reset', async () => late.messages.some((m) => m.type === 'reset'), 10_000);
		expect(late.events()).toEqual([]);
		late.ws.close();
	});

	it('closes open consoles with 1001 when the server shuts down', async () => {
		const own = await startTestApp({ PIPELINE_RUNNER: 'off' });
		try {
			const cookie = await sessionCookie(own.url, own.admin.email, own.admin.password);
			const ws = new WebSocket(`${own.url.replace('http', 'ws')}/ws/admin/console`, { headers: { cookie, origin: own.url } });
			await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
			const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
			process.kill(own.pid, 'SIGTERM');
			expect(await closed).toBe(1001);
		} finally {
			await own.stop();
		}
	});
});
