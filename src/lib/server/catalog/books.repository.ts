/**
 * SQL of the admin side of the catalog: books with their categories and pipeline steps.
 * Functions that change several rows open their own transaction.
 */
import type { Kysely } from 'kysely';
import { dialectOf, type Db } from '../db';
import { createSteps } from '../pipeline/steps.repository';
import { insertChapters, type ChapterRow } from '../chapters/chapters.repository';
import { fileBook, refreshShelfKeys } from './shelf-order.repository';
import type { Book, BookStatus, Category, Database, PipelineStep } from '../db/schema';

export type NewBookRow = Omit<
	Book,
	'published_at' | 'created_at' | 'updated_at' | 'status' | 'preview_key' | 'preview_size' | 'language' | 'review_reason' | 'categories_confirmed_at' | 'cover_hash' | 'cover_source' | 'chapters_set_at'
> &
	Partial<Pick<Book, 'preview_key' | 'preview_size' | 'language' | 'cover_hash' | 'cover_source'>>;

export async function insertUploadedBook(db: Db, book: NewBookRow, categoryIds: string[], now: number, chapters: ChapterRow[] = []): Promise<Book> {
	const row: Book = {
		preview_key: null,
		preview_size: null,
		language: 'detect',
		cover_hash: null,
		cover_source: null,
		...book,
		status: 'draft',
		created_at: now,
		updated_at: now,
		published_at: null,
		review_reason: null,
		// Categories the admin picked at upload are theirs: the pipeline keeps them, and learns from them.
		categories_confirmed_at: categoryIds.length ? now : null,
		chapters_set_at: null
	};
	await db.transaction().execute(async (trx) => {
		await trx.insertInto('books').values(row).execute();
		await fileBook(trx, row.id, categoryIds);
		// Upload is done when the row is written: the audio is already in storage.
		await createSteps(trx, row.id, now, { uploadedAt: now });
		// The file's own chapter marks: the chapters step then keeps them instead of looking for its own.
		await insertChapters(trx, row.id, chapters);
	});
	return row;
}

export function findBookById(db: Db, id: string): Promise<Book | undefined> {
	return db.selectFrom('books').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findBookByUploadId(db: Db, uploadId: string): Promise<Book | undefined> {
	return db.selectFrom('books').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();
}

export type BookMetadataUpdate = Partial<
	Pick<Book, 'title' | 'author' | 'narrator' | 'description' | 'price_minor' | 'currency' | 'is_free' | 'language'>
>;

/** Updates metadata and, when categoryIds is given, replaces the categories, in one transaction. */
export async function updateBookMetadata(
	db: Db,
	id: string,
	update: BookMetadataUpdate,
	categoryIds: string[] | undefined,
	now: number
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('books')
			// Categories an admin set are a labelled example for the classifier (issue 13).
			.set({ ...update, updated_at: now, ...(categoryIds ? { categories_confirmed_at: now } : {}) })
			.where('id', '=', id)
			.execute();
		if (categoryIds) await fileBook(trx, id, categoryIds);
		else if (['title', 'author', 'description', 'price_minor'].some((k) => k in update)) await refreshShelfKeys(trx, id);
	});
}

/** Publishing starts a new publication date; unpublishing clears it. False when nothing changed. */
export async function setBookStatus(db: Db, id: string, status: BookStatus, now: number): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const res = await trx
			.updateTable('books')
			// An admin publishing by hand (a draft, or a book in review) accepts its copy and categories:
			// the review reason goes, and the book becomes a labelled example for the classifier.
			.set((eb) => ({
				status,
				published_at: status === 'published' ? now : null,
				updated_at: now,
				review_reason: null,
				categories_confirmed_at: status === 'published' ? eb.fn.coalesce('categories_confirmed_at', eb.val(now)) : eb.ref('categories_confirmed_at')
			}))
			.where('id', '=', id)
			.where('status', '!=', status)
			.executeTakeFirst();
		if (Number(res.numUpdatedRows) === 0) return false;
		await refreshShelfKeys(trx, id);
		return true;
	});
}

export type DeleteOutcome = 'deleted' | 'owned' | 'missing';

/**
 * Deletes the book (its categories, pipeline steps and cart items cascade) unless someone owns it.
 * On MySQL the book row is locked first (`FOR UPDATE`), as checkout locks it before granting it, so
 * a checkout in flight either commits its ownership before this reads the owners (locking read: the
 * latest committed rows), or waits and then finds the book gone. SQLite serialises write
 * transactions, so there the same steps cannot interleave.
 */
export async function deleteBookIfUnowned(db: Db, id: string): Promise<DeleteOutcome> {
	return db.transaction().execute(async (trx) => {
		const mysql = dialectOf(trx) === 'mysql';
		const book = await trx.selectFrom('books').select('id').where('id', '=', id).$if(mysql, (q) => q.forUpdate()).executeTakeFirst();
		if (!book) return 'missing';
		const owner = await trx
			.selectFrom('ownerships')
			.select('book_id')
			.where('book_id', '=', id)
			.limit(1)
			.$if(mysql, (q) => q.forUpdate())
			.executeTakeFirst();
		if (owner) return 'owned';
		await trx.deleteFrom('books').where('id', '=', id).execute();
		return 'deleted';
	});
}

export async function countOwners(db: Db, bookId: string): Promise<number> {
	const r = await db
		.selectFrom('ownerships')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('book_id', '=', bookId)
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

export interface AdminBookRow {
	book: Book;
	categories: Array<Pick<Category, 'id' | 'slug' | 'name' | 'created_at'>>;
	steps: PipelineStep[];
}

/** Newest first, with categories and pipeline steps (three queries, not one per book). */
export async function listBooksForAdmin(db: Db, page: { limit: number; offset: number }): Promise<AdminBookRow[]> {
	const books = await db
		.selectFrom('books')
		.selectAll()
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(page.limit)
		.offset(page.offset)
		.execute();
	return withDetails(db, books);
}

export async function findBookForAdmin(db: Db, id: string): Promise<AdminBookRow | undefined> {
	const book = await findBookById(db, id);
	return book ? (await withDetails(db, [book]))[0] : undefined;
}

export async function countBooks(db: Db): Promise<number> {
	const r = await db.selectFrom('books').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	return Number(r.n);
}

async function withDetails(db: Kysely<Database>, books: Book[]): Promise<AdminBookRow[]> {
	if (books.length === 0) return [];
	const ids = books.map((b) => b.id);
	const [links, steps] = await Promise.all([
		db
			.selectFrom('book_categories')
			.innerJoin('categories', 'categories.id', 'book_categories.category_id')
			.select(['book_categories.book_id', 'categories.id', 'categories.slug', 'categories.name', 'categories.created_at'])
			.where('book_categories.book_id', 'in', ids)
			.orderBy('categories.name')
			.execute(),
		db.selectFrom('pipeline_steps').selectAll().where('book_id', 'in', ids).orderBy('position').execute()
	]);
	return books.map((book) => ({
		book,
		categories: links
			.filter((l) => l.book_id === book.id)
			.map(({ id, slug, name, created_at }) => ({ id, slug, name, created_at })),
		steps: steps.filter((s) => s.book_id === book.id)
	}));
}
