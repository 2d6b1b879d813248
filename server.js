// Production entry: serves the built SvelteKit app (adapter-node's handler) and takes WebSocket
// upgrades for the app's socket endpoints. Honours PORT and HOST; drains on SIGTERM/SIGINT.
import http from 'node:http';

// bcrypt and WebCrypto share libuv's thread pool: with the default 4 threads, cheap token checks queue
// behind whole bcrypt hashes under sign-in load. Must be set before the pool is first used.
process.env.UV_THREADPOOL_SIZE ??= '8';
// adapter-node's own limit (512 KB) would cut audio uploads; the app limits bodies per route instead
// (hooks.server.ts for everything, the upload route for audio).
process.env.BODY_SIZE_LIMIT ??= 'Infinity';
const { handler } = await import('./build/handler.js');

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT ?? 30) * 1000;
const upgradeRegistry = Symbol.for('earshelf.upgrade-handlers');
const shutdownHooks = Symbol.for('earshelf.shutdown-hooks');

const server = http.createServer(handler);

server.on('upgrade', (req, socket, head) => {
	const path = (req.url ?? '/').split('?')[0];
	const endpoint = globalThis[upgradeRegistry]?.get(path);
	if (endpoint) return endpoint(req, socket, head);
	socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
});

server.listen(port, host, () => {
	const address = server.address();
	const shown = process.env.ORIGIN ?? `http://localhost:${typeof address === 'object' && address ? address.port : port}`;
	console.log(`Earshelf is listening on ${shown}`);
});

let stopping = false;
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: draining connections`);
	const timer = setTimeout(() => process.exit(1), shutdownTimeoutMs).unref();
	server.close(() => {});
	server.closeIdleConnections();
	for (const hook of globalThis[shutdownHooks] ?? []) await hook().catch((e) => console.error(e));
	await new Promise((resolve) => server.close(resolve));
	clearTimeout(timer);
	process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
