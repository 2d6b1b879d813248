/**
 * Search across what the listener's books say: every passage of their own books' transcripts with
 * the words, phrase matches first, with the book, the chapter, the time and a highlighted snippet.
 * The index finds candidate passages; the shared matcher ($lib/text/transcript-match, also used by
 * the offline search in the browser) decides what matches, ranks, and cuts the snippet.
 */
import { z } from 'zod';
import { matchPassage, queryWords, snippetParts } from '../../text/transcript-match';
import type { LibrarySearchHit } from '../../library-search';
import type { Db } from '../db';
import { invalidInput } from '../errors';
import { chapterStarts, ownedPassagesMatching } from './search.repository';

/**
 * Passages read from the index for one query. Ranking needs all of them, so this bounds the work of
 * a very common word; a listener who gets this many refines the words.
 */
export const MAX_CANDIDATES = 1000;

export const LibrarySearchInput = z.object({
	q: z.string().trim().min(1, 'type a word or phrase to search for').max(200, 'must be at most 200 characters'),
	offset: z.coerce.number().int('must be a whole number').min(0, 'must not be negative').max(MAX_CANDIDATES).default(0),
	limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(50, 'must be at most 50').default(20)
});
export type LibrarySearchInput = z.infer<typeof LibrarySearchInput>;

export function librarySearchParams(params: URLSearchParams): Record<string, string> {
	const raw: Record<string, string> = {};
	for (const name of ['q', 'offset', 'limit']) {
		const value = params.get(name);
		if (value !== null && value !== '') raw[name] = value;
	}
	return raw;
}


export interface LibrarySearchPage {
	results: LibrarySearchHit[];
	/** Pass as `offset` for the next page; null on the last. */
	nextOffset: number | null;
}

export const listenAtPath = (bookId: string, atMs: number) => `/library/${encodeURIComponent(bookId)}?t=${Math.max(0, Math.round(atMs))}`;

export async function searchLibrary(db: Db, userId: string, input: LibrarySearchInput): Promise<LibrarySearchPage> {
	const words = queryWords(input.q);
	if (!words.length) throw invalidInput('q: has no letters or digits to search for; type a word or phrase', 'q');
	const candidates = await ownedPassagesMatching(db, userId, words, MAX_CANDIDATES);
	const ranked = candidates
		.flatMap((row, order) => {
			const match = matchPassage(row.text, input.q);
			return match ? [{ row, order, match }] : [];
		})
		// Phrase matches first; otherwise the library's order (newest purchase first, then the recording's).
		.sort((a, b) => Number(b.match.phrase) - Number(a.match.phrase) || a.order - b.order);
	const page = ranked.slice(input.offset, input.offset + input.limit);
	const chapters = await chapterStarts(db, [...new Set(page.map((p) => p.row.book_id))]);
	return {
		results: page.map(({ row, match }) => ({
			bookId: row.book_id,
			title: row.title,
			author: row.author,
			atMs: row.start_ms,
			chapter: chapterAt(chapters, row.book_id, row.start_ms),
			phrase: match.phrase,
			snippet: snippetParts(row.text, match.ranges),
			listenPath: listenAtPath(row.book_id, row.start_ms)
		})),
		nextOffset: ranked.length > input.offset + input.limit ? input.offset + input.limit : null
	};
}

/** The chapter containing `ms`: the one with the greatest start at or before it. */
export function chapterAt(chapters: { book_id: string; start_ms: number; title: string }[], bookId: string, ms: number): string | null {
	let found: string | null = null;
	for (const c of chapters) if (c.book_id === bookId && c.start_ms <= ms) found = c.title;
	return found;
}
