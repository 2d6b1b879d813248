/**
 * How many books the storefront has in all and on each shelf (a set of categories), remembered for a
 * short while. The catalog query uses these figures only to choose its plan (listPublishedBooks), so a
 * figure a minute old can cost a slower page, never a wrong one.
 */
import { LRUCache } from 'lru-cache';
import type { Db } from '../db';
import { countPublished, countShelf, type ShelfSize } from './browse.repository';

export interface ShelfSizes {
	/** The sizes for these category slugs (any order). */
	of(slugs: string[]): Promise<ShelfSize>;
}

const SHELVES_KEPT = 1000;
const ALL = '';

export function createShelfSizes(db: Db, ttlMs = 60_000): ShelfSizes {
	const published = new LRUCache<string, number>({ max: 1, ttl: ttlMs, fetchMethod: () => countPublished(db) });
	const shelves = new LRUCache<string, Omit<ShelfSize, 'published'>>({
		max: SHELVES_KEPT,
		ttl: ttlMs,
		fetchMethod: (key) => countShelf(db, key.split(','))
	});
	return {
		async of(slugs) {
			const [all, shelf] = await Promise.all([published.fetch(ALL), shelves.fetch([...new Set(slugs)].sort().join(','))]);
			return { ...shelf!, published: all! };
		}
	};
}
