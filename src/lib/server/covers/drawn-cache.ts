/**
 * Drawn covers kept in memory, per app instance: browsers keep each one for a year, but every new
 * visitor would otherwise make the server draw a whole page of them again (tens of milliseconds of CPU
 * each). Keyed by URL token and width, so a changed title is simply another entry; the least recently
 * used go first past the size limit.
 */
import { LRUCache } from 'lru-cache';

export interface DrawnCoverCache {
	get(key: string): Buffer | undefined;
	set(key: string, value: Buffer): unknown;
}

/** 16 MiB: a few thousand covers (a 320 px one is about 8 KB). */
export function createDrawnCoverCache(maxBytes = 16 * 1024 * 1024): DrawnCoverCache {
	return new LRUCache<string, Buffer>({ maxSize: maxBytes, sizeCalculation: (b) => b.length });
}
