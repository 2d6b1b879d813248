/**
 * How many books the storefront has in all, on each shelf (a set of categories) and about how many
 * each search matches, remembered for a short while. The catalog query uses these figures only to
 * choose its plan (listPublishedBooks), so a figure a minute old can cost a slower page, never a wrong one.
 */
import { LRUCache } from 'lru-cache';
import type { Db } from '../db';
import { countPublished, countShelf, estimateMatches, type SearchSize, type ShelfSize } from './browse.repository';

export interface ShelfSizes {
	/** The sizes for these category slugs (any order). */
	of(slugs: string[]): Promise<ShelfSize>;
	/** About how many books have all these search terms (any order). */
	search(terms: string[]): Promise<SearchSize>;
}

const SHELVES_KEPT = 1000;
const SEARCHES_KEPT = 5000;
const ALL = '';

export function createShelfSizes(db: Db, ttlMs = 60_000): ShelfSizes {
	const published = new LRUCache<string, number>({ max: 1, ttl: ttlMs, fetchMethod: () => countPublished(db) });
	const shelves = new LRUCache<string, Omit<ShelfSize, 'published'>>({
		max: SHELVES_KEPT,
		ttl: ttlMs,
		fetchMethod: (key) => countShelf(db, key.split(','))
	});
	// Terms hold letters and digits only (catalog/browse.ts searchTerms), so a space joins them safely.
	const searches = new LRUCache<string, number>({
		max: SEARCHES_KEPT,
		ttl: ttlMs,
		fetchMethod: async (key) => estimateMatches(db, key.split(' '), (await published.fetch(ALL))!)
	});
	return {
		async of(slugs) {
			const [all, shelf] = await Promise.all([published.fetch(ALL), shelves.fetch([...new Set(slugs)].sort().join(','))]);
			return { ...shelf!, published: all! };
		},
		async search(terms) {
			const matches = await searches.fetch([...new Set(terms)].sort().join(' '));
			const all = await published.fetch(ALL);
			return { matches: matches!, published: all! };
		}
	};
}
