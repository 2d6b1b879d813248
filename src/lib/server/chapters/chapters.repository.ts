/** SQL for a book's chapters: read in order, replaced as a whole in one transaction. */
import type { Kysely } from 'kysely';
import { dialectOf, type Db } from '../db';
import type { BookChaptersTable, Database } from '../db/schema';

export type ChapterSource = BookChaptersTable['source'];

export interface ChapterRow {
	startMs: number;
	title: string;
	source: ChapterSource;
}

export async function listChapters(db: Kysely<Database>, bookId: string): Promise<ChapterRow[]> {
	const rows = await db
		.selectFrom('book_chapters')
		.select(['start_ms', 'title', 'source'])
		.where('book_id', '=', bookId)
		.orderBy('position')
		.execute();
	return rows.map((r) => ({ startMs: Number(r.start_ms), title: r.title, source: r.source }));
}

/**
 * Locks the book's row (MySQL; SQLite has one writer at a time) so the pipeline's write and an
 * admin's save of the same book's chapters happen one after the other. False when there is no book.
 */
async function lockBook(trx: Kysely<Database>, mysql: boolean, bookId: string): Promise<boolean> {
	const book = await trx.selectFrom('books').select('id').where('id', '=', bookId).$if(mysql, (q) => q.forUpdate()).executeTakeFirst();
	return book !== undefined;
}

async function replaceChapters(trx: Kysely<Database>, bookId: string, chapters: ChapterRow[]): Promise<void> {
	await trx.deleteFrom('book_chapters').where('book_id', '=', bookId).execute();
	if (!chapters.length) return;
	await trx
		.insertInto('book_chapters')
		.values(chapters.map((c, position) => ({ book_id: bookId, position, start_ms: c.startMs, title: c.title, source: c.source })))
		.execute();
}

/**
 * The pipeline's write: replaces the chapters unless an admin's or the file's are there (checked in
 * the same transaction, so an admin's save racing the step wins). True when it wrote.
 */
export async function replaceDetectedChapters(db: Db, bookId: string, chapters: ChapterRow[]): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		if (!(await lockBook(trx, dialectOf(db) === 'mysql', bookId))) return false;
		if (await chaptersSetByAdmin(trx, bookId)) return false;
		const kept = await trx
			.selectFrom('book_chapters')
			.select('source')
			.where('book_id', '=', bookId)
			.where('source', 'in', ['admin', 'file'])
			.limit(1)
			.executeTakeFirst();
		if (kept) return false;
		await replaceChapters(trx, bookId, chapters);
		return true;
	});
}

/**
 * The pipeline's title for one chapter it found: written only while that chapter is still the one
 * the step found there (same place, same start, found by topic) and no admin has set the chapters.
 * True when it wrote.
 */
export async function setDetectedTitle(db: Db, bookId: string, chapter: { position: number; startMs: number; title: string }): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		if (!(await lockBook(trx, dialectOf(db) === 'mysql', bookId))) return false;
		if (await chaptersSetByAdmin(trx, bookId)) return false;
		const res = await trx
			.updateTable('book_chapters')
			.set({ title: chapter.title })
			.where('book_id', '=', bookId)
			.where('position', '=', chapter.position)
			.where('start_ms', '=', chapter.startMs)
			.where('source', '=', 'topic')
			.executeTakeFirst();
		return Number(res.numUpdatedRows) === 1;
	});
}

/**
 * An admin's (or an upload's) write: replaces the chapters whatever their source. With `adminAt`, the
 * book remembers that an admin set them, so the chapters step keeps even an empty list. False when
 * the book is gone.
 */
export async function replaceAllChapters(db: Db, bookId: string, chapters: ChapterRow[], adminAt?: number): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		if (!(await lockBook(trx, dialectOf(db) === 'mysql', bookId))) return false;
		await replaceChapters(trx, bookId, chapters);
		if (adminAt !== undefined) await trx.updateTable('books').set({ chapters_set_at: adminAt }).where('id', '=', bookId).execute();
		return true;
	});
}

/** Whether an admin has set the book's chapters (then the chapters step leaves them as they are). */
export async function chaptersSetByAdmin(db: Kysely<Database>, bookId: string): Promise<boolean> {
	const book = await db.selectFrom('books').select('chapters_set_at').where('id', '=', bookId).executeTakeFirst();
	return book?.chapters_set_at != null;
}

/** Inside a caller's transaction (the upload writes the book and its file's chapters together). */
export async function insertChapters(trx: Kysely<Database>, bookId: string, chapters: ChapterRow[]): Promise<void> {
	await replaceChapters(trx, bookId, chapters);
}
