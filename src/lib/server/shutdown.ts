/**
 * Work to finish before the process exits: server.js runs every hook on SIGTERM/SIGINT (after it
 * stops taking connections, before it exits). The list lives on globalThis so server.js, which is
 * plain JavaScript outside the bundle, can find it.
 */
const KEY = Symbol.for('earshelf.shutdown-hooks');
type Hook = () => Promise<void>;
type Holder = { [KEY]?: Hook[] };

export function onShutdown(hook: Hook): void {
	((globalThis as Holder)[KEY] ??= []).push(hook);
}
