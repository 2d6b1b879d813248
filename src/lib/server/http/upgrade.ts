/**
 * WebSocket upgrades reach the app through one registry on globalThis, shared by the production entry
 * (server.js) and the dev server (vite-upgrade.ts): both call `dispatchUpgrade`, and the app's socket
 * endpoints register themselves by path. A path nobody owns is left alone (in dev it may be Vite's HMR).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

const KEY = Symbol.for('earshelf.upgrade-handlers');
type Holder = { [KEY]?: Map<string, UpgradeHandler> };

function handlers(): Map<string, UpgradeHandler> {
	const g = globalThis as Holder;
	return (g[KEY] ??= new Map());
}

/** Registers (or, after a hot reload, replaces) the handler of one exact path. */
export function registerUpgrade(path: string, handler: UpgradeHandler): void {
	handlers().set(path, handler);
}

/** Returns false when no endpoint owns the request's path. */
export function dispatchUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
	const path = (req.url ?? '/').split('?')[0] ?? '/';
	const handler = handlers().get(path);
	if (!handler) return false;
	handler(req, socket, head);
	return true;
}
