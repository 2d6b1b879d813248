/**
 * Transcripts in catalog search: one row per transcript segment (transcript_search) with its start
 * time, indexed by the dialect's full-text engine (SQLite FTS5 transcript_search_fts, MySQL FULLTEXT
 * transcript_search_fulltext). The pipeline writes it with the transcript; the catalog reads it for
 * published books only (the caller's query filters on status).
 */
import { CompiledQuery, sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { dialectOf, type Db } from '../db';
import type { Database } from '../db/schema';
import { fts5Match, innodbAgainst } from './fulltext';
import { indexableText } from '../../text/words';
import { writeTranscriptWords } from './shelf-order.repository';

export interface TranscriptSegment {
	/** Seconds from the start of the recording. */
	start: number;
	text: string;
}

export interface TranscriptHit {
	seq: number;
	startMs: number;
	text: string;
}

const INSERT_BATCH = 500;

/**
 * Replaces a book's searchable transcript with these segments (empty ones are skipped). Runs inside
 * the caller's transaction, so the index never disagrees with the stored transcript.
 */
export async function indexTranscript(trx: Kysely<Database>, bookId: string, segments: TranscriptSegment[]): Promise<void> {
	await trx.deleteFrom('transcript_search').where('book_id', '=', bookId).execute();
	const rows = segments
		.map((s, seq) => ({ book_id: bookId, seq, start_ms: Math.round(s.start * 1000), text: indexableText(s.text.trim()) }))
		.filter((r) => r.text.length > 0);
	for (let i = 0; i < rows.length; i += INSERT_BATCH) {
		await trx.insertInto('transcript_search').values(rows.slice(i, i + INSERT_BATCH)).execute();
	}
	// And its words into the catalog's word index, which answers a one-word search on its own.
	await writeTranscriptWords(trx, bookId, rows.map((r) => r.text));
}

/** One segment has every term (sanitised terms: see fulltext.ts). */
export function segmentMatch(db: Db, terms: string[]): Expression<SqlBool> {
	if (dialectOf(db) === 'sqlite') {
		return sql<SqlBool>`transcript_search.rowid IN (SELECT rowid FROM transcript_search_fts WHERE transcript_search_fts MATCH ${fts5Match(terms)})`;
	}
	const against = innodbAgainst(terms);
	if (against === null) return sql<SqlBool>`1 = 0`;
	return sql<SqlBool>`MATCH (transcript_search.text) AGAINST (${against} IN BOOLEAN MODE)`;
}

/** Ids of books whose transcript has a segment with every term, for a WHERE … IN. */
export function booksWithTranscriptMatch(db: Db, terms: string[]) {
	return db.selectFrom('transcript_search').select('transcript_search.book_id').where(segmentMatch(db, terms));
}

/**
 * The books whose transcript has a segment with every term, looked up on their own: up to `cap` ids,
 * or null when there are more. The catalog hands them to its page statement as values instead of a
 * subquery: on SQLite a statement that carried the full-text lookup cost 0.1-0.2 ms more at 10,000
 * books, even when it found nothing; on MariaDB a full-text MATCH in a subquery that the optimiser
 * makes dependent (run once per book walked) can lose rows: a walk in price order missed the last
 * book about half the time (catalog-plans.spec.ts).
 */
export async function transcriptBookIds(db: Db, terms: string[], cap: number): Promise<string[] | null> {
	let text: string;
	let parameters: unknown[];
	if (dialectOf(db) === 'sqlite') {
		text = 'SELECT DISTINCT t.book_id FROM transcript_search t WHERE t.rowid IN (SELECT rowid FROM transcript_search_fts WHERE transcript_search_fts MATCH ?) LIMIT ?';
		parameters = [fts5Match(terms), cap + 1];
	} else {
		const against = innodbAgainst(terms);
		if (against === null) return [];
		text = 'SELECT DISTINCT t.book_id FROM transcript_search t WHERE MATCH (t.text) AGAINST (? IN BOOLEAN MODE) LIMIT ?';
		parameters = [against, cap + 1];
	}
	const { rows } = await db.executeQuery<{ book_id: string }>(CompiledQuery.raw(text, parameters));
	return rows.length > cap ? null : rows.map((r) => r.book_id);
}

/** For each given book, the first segment (in transcript order) that has every term. */
export async function firstTranscriptHits(
	db: Db,
	bookIds: string[],
	terms: string[]
): Promise<Map<string, TranscriptHit>> {
	const hits = new Map<string, TranscriptHit>();
	if (!bookIds.length || !terms.length) return hits;
	const firsts = await db
		.selectFrom('transcript_search')
		.select(['transcript_search.book_id', (eb) => eb.fn.min('transcript_search.seq').as('seq')])
		.where('transcript_search.book_id', 'in', bookIds)
		.where(segmentMatch(db, terms))
		.groupBy('transcript_search.book_id')
		.execute();
	if (!firsts.length) return hits;
	const rows = await db
		.selectFrom('transcript_search')
		.select(['book_id', 'seq', 'start_ms', 'text'])
		.where((eb) => eb.or(firsts.map((f) => eb.and([eb('book_id', '=', f.book_id), eb('seq', '=', Number(f.seq))]))))
		.execute();
	for (const r of rows) hits.set(r.book_id, { seq: r.seq, startMs: Number(r.start_ms), text: r.text });
	return hits;
}
