/**
 * The live admin console: a WebSocket at /ws/admin/console streaming pipeline events (step status,
 * progress, sidecar log lines) for one book (?book=<id>) or all, resumable with ?since=<lastEventId>.
 * The handshake is authenticated before the upgrade: session cookie of an admin, same Origin.
 * The WebSocketServer is a process-wide singleton on globalThis, so dev hot reloads keep one.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { App } from '../app';
import { sessionCookieName } from '../auth/cookies';
import { authenticateSessionToken } from '../auth/service';
import { registerUpgrade } from '../http/upgrade';
import { startHub, type Hub } from './hub';
import { runConsoleSession } from './session';

export const CONSOLE_PATH = '/ws/admin/console';
const WSS_KEY = Symbol.for('earshelf.console-wss');
type Holder = { [WSS_KEY]?: WebSocketServer };

function consoleServer(): WebSocketServer {
	const g = globalThis as Holder;
	return (g[WSS_KEY] ??= new WebSocketServer({ noServer: true, maxPayload: 4096 }));
}

/** Console WebSockets open on this instance (the metrics gauge). */
export function consoleClientCount(): number {
	return consoleServer().clients.size;
}

function refuse(socket: Duplex, status: 401 | 403 | 400, message: string) {
	const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' }[status];
	const body = JSON.stringify({ error: { code: status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'invalid_input', message } });
	socket.end(
		`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
	);
	socket.destroy();
}

function cookieValue(header: string | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
	}
	return undefined;
}

const BOOK_ID = /^[\w-]{1,64}$/;

/** Starts the console: event hub, upgrade handler, heartbeats. Returns its shutdown. */
export async function startConsole(app: App, opts: { pollMs?: number } = {}): Promise<() => Promise<void>> {
	const wss = consoleServer();
	const hub: Hub = await startHub({ db: app.db, log: app.log, pollMs: opts.pollMs ?? 25, clock: Date.now });
	const alive = new WeakMap<WebSocket, boolean>();

	registerUpgrade(CONSOLE_PATH, (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		void (async () => {
			const origin = req.headers.origin;
			if (origin && origin !== app.config.publicOrigin) return refuse(socket, 403, `Origin ${origin} may not open the console.`);
			const token = cookieValue(req.headers.cookie, sessionCookieName(app.config.secureCookies));
			const caller = await authenticateSessionToken(app.auth, token);
			if (!caller) return refuse(socket, 401, 'Sign in to continue.');
			if (caller.user.role !== 'admin') return refuse(socket, 403, 'Only admins can open the console.');
			const url = new URL(req.url ?? '/', 'http://x');
			const book = url.searchParams.get('book') ?? undefined;
			const sinceText = url.searchParams.get('since');
			const since = sinceText === null ? undefined : Number(sinceText);
			if ((book !== undefined && !BOOK_ID.test(book)) || (since !== undefined && !(Number.isSafeInteger(since) && since >= 0))) {
				return refuse(socket, 400, 'Use ?book=<book id>&since=<last event id>.');
			}
			wss.handleUpgrade(req, socket, head, (ws) => {
				alive.set(ws, true);
				ws.on('pong', () => alive.set(ws, true));
				ws.on('error', () => ws.terminate());
				runConsoleSession(ws, hub, app, { bookId: book, since }).catch((e) => {
					app.log.warn({ err: e }, 'console session failed');
					ws.close(1011, 'internal error');
				});
			});
		})().catch((e) => {
			app.log.error({ err: e }, 'console upgrade failed');
			socket.destroy();
		});
	});

	const heartbeat = setInterval(() => {
		const hb = JSON.stringify({ type: 'hb', at: Date.now() });
		for (const ws of wss.clients) {
			if (!alive.get(ws)) {
				ws.terminate(); // missed the last ping's pong
				continue;
			}
			alive.set(ws, false);
			ws.ping();
			if (ws.bufferedAmount < 64 * 1024) ws.send(hb);
		}
	}, app.config.CONSOLE_HEARTBEAT_SECONDS * 1000);
	heartbeat.unref();

	return async () => {
		clearInterval(heartbeat);
		for (const ws of wss.clients) ws.close(1001, 'server shutting down');
		await hub.stop();
	};
}
