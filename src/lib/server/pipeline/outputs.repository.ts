/**
 * What the steps produce: transcript chunks (transcribe's checkpoint), the composed transcript, map
 * summaries (summarize's checkpoint) and the published book. Writes are idempotent so a step that
 * runs twice gives the same rows.
 */
import type { Kysely } from 'kysely';
import { dialectOf, retryDeadlocks } from '../db';
import type { Database } from '../db/schema';
import { indexTranscript } from '../catalog/transcript-search.repository';
import { fileBook, refreshShelfKeys } from '../catalog/shelf-order.repository';
import { countWords } from '../../text/words';

export interface Segment {
	/** Seconds from the start of the recording. */
	start: number;
	end: number;
	text: string;
}

export interface StoredChunk {
	index: number;
	start: number;
	end: number;
	segments: Segment[];
}

/** Stores a finished chunk; storing the same chunk again changes nothing. */
export async function storeChunk(db: Kysely<Database>, bookId: string, chunk: StoredChunk, provider: string, now: number) {
	await db
		.insertInto('transcript_chunks')
		.values({
			book_id: bookId,
			chunk_index: chunk.index,
			start_ms: Math.round(chunk.start * 1000),
			end_ms: Math.round(chunk.end * 1000),
			segments: JSON.stringify(chunk.segments),
			provider,
			created_at: now
		})
		.orIgnore()
		.execute();
}

/** How many chunks from the start are stored without a hole: transcription resumes at this index. */
export async function resumeChunkIndex(db: Kysely<Database>, bookId: string): Promise<number> {
	const rows = await db.selectFrom('transcript_chunks').select('chunk_index').where('book_id', '=', bookId).orderBy('chunk_index').execute();
	let next = 0;
	for (const r of rows) {
		if (r.chunk_index !== next) break;
		next++;
	}
	return next;
}

export async function listChunks(db: Kysely<Database>, bookId: string) {
	return db.selectFrom('transcript_chunks').selectAll().where('book_id', '=', bookId).orderBy('chunk_index').execute();
}

/** Composes the transcript from the stored chunks (replacing an earlier one). */
export async function composeTranscript(db: Kysely<Database>, bookId: string, now: number): Promise<{ chunks: number; words: number }> {
	const chunks = await listChunks(db, bookId);
	const segments: Segment[] = chunks.flatMap((c) => JSON.parse(c.segments) as Segment[]);
	const text = segments.map((s) => s.text.trim()).filter(Boolean).join('\n');
	// Two app instances composing two books' transcripts at once deadlocked on MariaDB's gap locks
	// (scale-out.spec.ts, once); sessions now read committed (db/index.ts), which takes none, and a
	// deadlock's victim still runs the transaction again at once rather than failing the step.
	await retryDeadlocks(() =>
		db.transaction().execute(async (trx) => {
			await trx.deleteFrom('transcripts').where('book_id', '=', bookId).execute();
			await trx.insertInto('transcripts').values({ book_id: bookId, text, segments: JSON.stringify(segments), created_at: now }).execute();
			await indexTranscript(trx, bookId, segments); // catalog search over the transcript, with times
		})
	);
	return { chunks: chunks.length, words: countWords(text) };
}

export async function getTranscript(db: Kysely<Database>, bookId: string): Promise<{ text: string; segments: Segment[] } | null> {
	const row = await db.selectFrom('transcripts').select(['text', 'segments']).where('book_id', '=', bookId).executeTakeFirst();
	return row ? { text: row.text, segments: JSON.parse(row.segments) as Segment[] } : null;
}

export interface SummaryPart {
	index: number;
	hash: string;
	text: string;
}

export async function listSummaryParts(db: Kysely<Database>, bookId: string): Promise<SummaryPart[]> {
	const rows = await db.selectFrom('summary_parts').select(['part_index', 'hash', 'text']).where('book_id', '=', bookId).orderBy('part_index').execute();
	return rows.map((r) => ({ index: r.part_index, hash: r.hash, text: r.text }));
}

/** Stores (or replaces, when the transcript part changed) one map result. */
export async function storeSummaryPart(db: Kysely<Database>, bookId: string, part: SummaryPart, now: number) {
	const row = { book_id: bookId, part_index: part.index, hash: part.hash, text: part.text, created_at: now };
	if (dialectOf(db) === 'mysql') {
		await db.insertInto('summary_parts').values(row).onDuplicateKeyUpdate({ hash: part.hash, text: part.text }).execute();
	} else {
		await db
			.insertInto('summary_parts')
			.values(row)
			.onConflict((oc) => oc.columns(['book_id', 'part_index']).doUpdateSet({ hash: part.hash, text: part.text }))
			.execute();
	}
}

export async function taxonomy(db: Kysely<Database>): Promise<Array<{ id: string; slug: string; name: string; description: string | null }>> {
	return db.selectFrom('categories').select(['id', 'slug', 'name', 'description']).orderBy('name').execute();
}

export async function findBook(db: Kysely<Database>, bookId: string) {
	return db
		.selectFrom('books')
		.select(['id', 'title', 'audio_key', 'audio_mime', 'duration_ms', 'status', 'language'])
		.where('id', '=', bookId)
		.executeTakeFirst();
}

/** The language transcription found, for a book uploaded with "detect". */
export async function setDetectedLanguage(db: Kysely<Database>, bookId: string, language: string, now: number) {
	await db.updateTable('books').set({ language, updated_at: now }).where('id', '=', bookId).where('language', '=', 'detect').execute();
}

/**
 * Publishes the book with the summary: its description and categories (by slug), status published.
 * One transaction; publishing again gives the same book. Admins edit the book afterwards as usual.
 */
export async function publishBook(
	db: Kysely<Database>,
	bookId: string,
	summary: { categories: string[]; description: string },
	now: number
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const confirmed = await categoriesConfirmed(trx, bookId);
		const categories = summary.categories.length && !confirmed
			? await trx.selectFrom('categories').select('id').where('slug', 'in', summary.categories).execute()
			: [];
		await trx
			.updateTable('books')
			.set((eb) => ({
				description: summary.description,
				status: 'published',
				review_reason: null,
				published_at: eb.fn.coalesce('published_at', eb.val(now)),
				updated_at: now
			}))
			.where('id', '=', bookId)
			.execute();
		if (confirmed) await refreshShelfKeys(trx, bookId);
		else await fileBook(trx, bookId, categories.map((c) => c.id));
	});
}

/** Categories an admin set (at upload or later) are never replaced by the pipeline's. */
async function categoriesConfirmed(db: Kysely<Database>, bookId: string): Promise<boolean> {
	const row = await db.selectFrom('books').select('categories_confirmed_at').where('id', '=', bookId).executeTakeFirst();
	return row?.categories_confirmed_at != null;
}

/**
 * Leaves the book for an admin: the draft description and categories are filled in so the admin sees
 * them on the book's page, the status is 'review' and the reason says what to look at. A published
 * book is taken off sale only by an admin, never by a rerun of the pipeline: its copy stays as it was.
 */
export async function holdForReview(
	db: Kysely<Database>,
	bookId: string,
	draft: { categories: string[]; description: string },
	reason: string,
	now: number
): Promise<'review' | 'kept_published'> {
	return db.transaction().execute(async (trx) => {
		const book = await trx.selectFrom('books').select('status').where('id', '=', bookId).executeTakeFirst();
		if (book?.status === 'published') {
			await trx.updateTable('books').set({ review_reason: reason, updated_at: now }).where('id', '=', bookId).execute();
			return 'kept_published';
		}
		const confirmed = await categoriesConfirmed(trx, bookId);
		const categories = draft.categories.length && !confirmed ? await trx.selectFrom('categories').select('id').where('slug', 'in', draft.categories).execute() : [];
		await trx
			.updateTable('books')
			.set({ description: draft.description || null, status: 'review', review_reason: reason, updated_at: now })
			.where('id', '=', bookId)
			.execute();
		if (confirmed) await refreshShelfKeys(trx, bookId);
		else await fileBook(trx, bookId, categories.map((c) => c.id));
		return 'review';
	});
}

/** Owners and admins may read a book's transcript. */
export async function ownsBook(db: Kysely<Database>, userId: string, bookId: string): Promise<boolean> {
	const row = await db.selectFrom('ownerships').select('book_id').where('user_id', '=', userId).where('book_id', '=', bookId).executeTakeFirst();
	return !!row;
}
