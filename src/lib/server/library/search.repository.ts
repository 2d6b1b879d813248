/**
 * SQL of library search: passages of the listener's own books that the full-text index finds for the
 * words (the catalog's transcript index, transcript-search.repository.ts), and the books' chapters.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { dialectOf, type Db } from '../db';
import { innodbAgainst } from '../catalog/fulltext';
import { segmentMatch } from '../catalog/transcript-search.repository';

export interface CandidatePassage {
	book_id: string;
	seq: number;
	start_ms: number;
	text: string;
	title: string;
	author: string;
}

/**
 * InnoDB indexes no word shorter than three letters and no stopword, so a query of only such words
 * ("to be") finds nothing in the index: then the passages of the listener's books are scanned with
 * LIKE, which the ownership join keeps to their own transcripts.
 */
function passageMatch(db: Db, words: string[]): Expression<SqlBool> {
	if (dialectOf(db) === 'mysql' && innodbAgainst(words) === null) {
		const escaped = words.map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
		return sql<SqlBool>`(${sql.join(escaped.map((p) => sql`LOWER(transcript_search.text) LIKE ${p}`), sql` AND `)})`;
	}
	return segmentMatch(db, words);
}

/**
 * Passages of books the user owns that have every word, newest purchase first, each book in
 * recording order; at most `limit` (the caller ranks and pages them).
 */
export async function ownedPassagesMatching(db: Db, userId: string, words: string[], limit: number): Promise<CandidatePassage[]> {
	const rows = await db
		.selectFrom('transcript_search')
		.innerJoin('ownerships', 'ownerships.book_id', 'transcript_search.book_id')
		.innerJoin('books', 'books.id', 'transcript_search.book_id')
		.select(['transcript_search.book_id', 'transcript_search.seq', 'transcript_search.start_ms', 'transcript_search.text', 'books.title', 'books.author'])
		.where('ownerships.user_id', '=', userId)
		.where(passageMatch(db, words))
		.orderBy('ownerships.granted_at', 'desc')
		.orderBy('transcript_search.book_id')
		.orderBy('transcript_search.seq')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ ...r, seq: Number(r.seq), start_ms: Number(r.start_ms) }));
}

/** Chapter starts of the given books, in order. */
export async function chapterStarts(db: Db, bookIds: string[]) {
	if (!bookIds.length) return [];
	const rows = await db
		.selectFrom('book_chapters')
		.select(['book_id', 'start_ms', 'title'])
		.where('book_id', 'in', bookIds)
		.orderBy('book_id')
		.orderBy('start_ms')
		.execute();
	return rows.map((r) => ({ ...r, start_ms: Number(r.start_ms) }));
}
