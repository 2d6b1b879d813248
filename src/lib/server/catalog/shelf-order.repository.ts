/**
 * The shelves' own order. Each row of book_categories carries copies of its book's sort keys (title,
 * date of publication, price) and whether the book is on sale (`listed`), so a category page reads
 * the shelf's index in the page's order and stops after a page (migration 0015, browse.repository.ts).
 *
 * The copies are kept here, by the writes that change them, in the same transaction:
 *  - fileBook, wherever a book's categories are set;
 *  - refreshShelfKeys, after any change to a book's title, price, status or date of publication.
 * A copy that drifted could only misplace a book on a category page or leave it off; the page still
 * checks the book's own status, so a draft is never listed. shelfDrift finds such rows (tests use it).
 */
import { sql } from 'kysely';
import { dialectOf, type Db } from '../db';

/** The book's sort keys as book_categories copies them; locked on MySQL until the transaction ends. */
async function shelfKeys(db: Db, bookId: string) {
	const book = await db
		.selectFrom('books')
		.select(['status', 'title', 'published_at', 'price_minor'])
		.where('id', '=', bookId)
		// A locking read sees the latest committed row, not the transaction's snapshot, so two writers
		// of the same book cannot leave the copies from the older one.
		.$if(dialectOf(db) === 'mysql', (q) => q.forUpdate())
		.executeTakeFirst();
	if (!book) return null;
	return { listed: book.status === 'published' ? 1 : 0, title: book.title, published_at: book.published_at, price_minor: Number(book.price_minor) };
}

/** Files the book under exactly these categories (replacing any others), with its current sort keys. */
export async function fileBook(db: Db, bookId: string, categoryIds: readonly string[]): Promise<void> {
	await db.deleteFrom('book_categories').where('book_id', '=', bookId).execute();
	const ids = [...new Set(categoryIds)];
	if (!ids.length) return;
	const keys = await shelfKeys(db, bookId);
	if (!keys) return;
	await db
		.insertInto('book_categories')
		.values(ids.map((category_id) => ({ book_id: bookId, category_id, ...keys })))
		.execute();
}

/** Copies the book's title, price, status and date of publication onto its shelves again. */
export async function refreshShelfKeys(db: Db, bookId: string): Promise<void> {
	const keys = await shelfKeys(db, bookId);
	if (!keys) return;
	await db.updateTable('book_categories').set(keys).where('book_id', '=', bookId).execute();
}

/** Rows whose copies differ from their book's (none, when every write went through this module). */
export async function shelfDrift(db: Db): Promise<Array<{ book_id: string; category_id: string }>> {
	// MySQL compares the titles' bytes: their collation would take "a" for "A".
	const bytes = (column: string) => (dialectOf(db) === 'mysql' ? sql`CAST(${sql.ref(column)} AS BINARY)` : sql.ref(column));
	return db
		.selectFrom('book_categories')
		.innerJoin('books', 'books.id', 'book_categories.book_id')
		.select(['book_categories.book_id', 'book_categories.category_id'])
		.where((eb) =>
			eb.or([
				eb('book_categories.listed', '!=', sql<number>`CASE WHEN books.status = 'published' THEN 1 ELSE 0 END`),
				sql<boolean>`${bytes('book_categories.title')} != ${bytes('books.title')}`.$castTo<boolean>(),
				eb('book_categories.price_minor', '!=', eb.ref('books.price_minor')),
				eb(eb.fn.coalesce('book_categories.published_at', sql.lit(-1)), '!=', eb.fn.coalesce('books.published_at', sql.lit(-1)))
			])
		)
		.execute();
}
