/**
 * Which caches a newly activated worker deletes: only earlier versions of the app shell. Downloads
 * (audio-v1) and visited pages (pages-v1) are named without the version precisely so that an update
 * never takes a listener's books away; SvelteKit's docs example deletes every other cache and would.
 */
export const shellCacheName = (version: string) => `shell-${version}`;

export function staleShellCaches(keys: readonly string[], version: string): string[] {
	const current = shellCacheName(version);
	return keys.filter((k) => k.startsWith('shell-') && k !== current);
}
