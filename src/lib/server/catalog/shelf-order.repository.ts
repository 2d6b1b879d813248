/**
 * The shelves' and the search words' own order. Each row of book_categories, and each row of
 * search_words (one for every word of the book's title, author, description and transcript), carries copies of its
 * book's sort keys (title, date of publication, price) and whether the book is on sale (`listed`), so a
 * category page or a search reads its index in the page's order and stops after a page (migrations
 * 0015 and 0016, browse.repository.ts).
 *
 * The copies are kept here, by the writes that change them, in the same transaction:
 *  - fileBook, wherever a book's categories are set (it writes the book's words too);
 *  - refreshShelfKeys, after any change to a book's title, author, description, price, status or date
 *    of publication: it writes the shelves' keys and the book's words again.
 * indexMissingWords writes the words of books that have none (those from before migration 0016); the
 * app runs it at start. A copy that drifted could only misplace a book on a page or leave it off; the
 * page still checks the book's own status, so a draft is never listed. shelfDrift finds such rows.
 */
import { sql } from 'kysely';
import { dialectOf, type Db } from '../db';
import { noteNewWords, searchWordsOf } from './search-words';

const INSERT_BATCH = 500;

/** The book's sort keys as book_categories copies them; locked on MySQL until the transaction ends. */
async function shelfKeys(db: Db, bookId: string) {
	const book = await db
		.selectFrom('books')
		.select(['status', 'title', 'author', 'description', 'published_at', 'price_minor'])
		.where('id', '=', bookId)
		// A locking read sees the latest committed row, not the transaction's snapshot, so two writers
		// of the same book cannot leave the copies from the older one.
		.$if(dialectOf(db) === 'mysql', (q) => q.forUpdate())
		.executeTakeFirst();
	if (!book) return null;
	return { keys: keysOf(book), words: searchWordsOf(book.title, book.author, book.description) };
}

/** The copies a book's rows carry, from the book's own row. */
function keysOf(book: { status: string; title: string; published_at: number | null; price_minor: number }): ShelfKeys {
	return { listed: book.status === 'published' ? 1 : 0, title: book.title, published_at: book.published_at === null ? null : Number(book.published_at), price_minor: Number(book.price_minor) };
}

/** Whether a copied row carries these keys (drivers may return numbers as strings or bigints). */
function carriesKeys(row: ShelfKeys, keys: ShelfKeys): boolean {
	return (
		Number(row.listed) === keys.listed &&
		row.title === keys.title &&
		Number(row.price_minor) === keys.price_minor &&
		(row.published_at === null ? null : Number(row.published_at)) === keys.published_at
	);
}

/**
 * Brings the book's rows in search_words to these words and keys: its metadata words (title, author,
 * description) and, when given, its transcript's (otherwise the transcript words it already has are
 * kept). Only what differs is written: a long book's transcript words are not rewritten when its title
 * changes, only their keys.
 */
async function writeWords(db: Db, bookId: string, keys: ShelfKeys, words: { metadata: string[]; transcript?: string[] }): Promise<void> {
	const existing = await db
		.selectFrom('search_words')
		.select(['word', 'in_metadata', 'in_transcript', 'listed', 'title', 'published_at', 'price_minor'])
		.where('book_id', '=', bookId)
		.execute();
	const transcript = words.transcript ?? existing.filter((r) => Number(r.in_transcript)).map((r) => r.word);
	const want = new Map<string, { in_metadata: number; in_transcript: number }>();
	for (const word of words.metadata) want.set(word, { in_metadata: 1, in_transcript: 0 });
	for (const word of transcript) want.set(word, { in_metadata: want.has(word) ? 1 : 0, in_transcript: 1 });

	const gone: string[] = [];
	const flagsChanged = new Map<string, string[]>();
	const have = new Set<string>();
	for (const row of existing) {
		const flags = want.get(row.word);
		if (!flags) {
			gone.push(row.word);
			continue;
		}
		have.add(row.word);
		if (Number(row.in_metadata) !== flags.in_metadata || Number(row.in_transcript) !== flags.in_transcript) {
			const combo = `${flags.in_metadata}${flags.in_transcript}`;
			flagsChanged.set(combo, [...(flagsChanged.get(combo) ?? []), row.word]);
		}
	}
	for (let i = 0; i < gone.length; i += INSERT_BATCH) {
		await db.deleteFrom('search_words').where('book_id', '=', bookId).where('word', 'in', gone.slice(i, i + INSERT_BATCH)).execute();
	}
	for (const [combo, changed] of flagsChanged) {
		for (let i = 0; i < changed.length; i += INSERT_BATCH) {
			await db
				.updateTable('search_words')
				.set({ in_metadata: Number(combo[0]), in_transcript: Number(combo[1]) })
				.where('book_id', '=', bookId)
				.where('word', 'in', changed.slice(i, i + INSERT_BATCH))
				.execute();
		}
	}
	const kept = existing.find((r) => have.has(r.word));
	if (kept && !carriesKeys(kept, keys)) await db.updateTable('search_words').set(keys).where('book_id', '=', bookId).execute();
	const rows = [...want].filter(([word]) => !have.has(word)).map(([word, flags]) => ({ book_id: bookId, word, ...flags, ...keys }));
	for (let i = 0; i < rows.length; i += INSERT_BATCH) await db.insertInto('search_words').values(rows.slice(i, i + INSERT_BATCH)).execute();
	if (rows.length) noteNewWords();
}

/**
 * Writes the words of the book's transcript (its segments' text) into search_words, in the caller's
 * transaction (transcript-search.repository.ts indexTranscript, with the segments it indexes).
 */
export async function writeTranscriptWords(db: Db, bookId: string, segments: readonly string[]): Promise<void> {
	const book = await shelfKeys(db, bookId);
	if (!book) return;
	await writeWords(db, bookId, book.keys, { metadata: book.words, transcript: searchWordsOf(...segments) });
}

export interface ShelfKeys {
	listed: number;
	title: string;
	published_at: number | null;
	price_minor: number;
}

/** search_words rows for a book written in bulk (scripts/seed-demo.ts), with the same words as here. */
export function searchWordRows(bookId: string, book: { title: string; author: string; description: string | null }, keys: ShelfKeys) {
	return searchWordsOf(book.title, book.author, book.description).map((word) => ({ book_id: bookId, word, in_metadata: 1, in_transcript: 0, ...keys }));
}

/** Files the book under exactly these categories (replacing any others), with its current sort keys. */
export async function fileBook(db: Db, bookId: string, categoryIds: readonly string[]): Promise<void> {
	await db.deleteFrom('book_categories').where('book_id', '=', bookId).execute();
	const ids = [...new Set(categoryIds)];
	const book = await shelfKeys(db, bookId);
	if (!book) return;
	await writeWords(db, bookId, book.keys, { metadata: book.words });
	if (!ids.length) return;
	await db
		.insertInto('book_categories')
		.values(ids.map((category_id) => ({ book_id: bookId, category_id, ...book.keys })))
		.execute();
}

/** Copies the book's title, price, status and date of publication onto its shelves, and writes its words, again. */
export async function refreshShelfKeys(db: Db, bookId: string): Promise<void> {
	const book = await shelfKeys(db, bookId);
	if (!book) return;
	await db.updateTable('book_categories').set(book.keys).where('book_id', '=', bookId).execute();
	await writeWords(db, bookId, book.keys, { metadata: book.words });
}

/**
 * Writes the words of every book that has none in search_words (books from before migration 0016),
 * a batch of books to a transaction; returns how many books it indexed. A book whose title, author
 * and description hold no indexable word is looked at again next time, and still writes nothing.
 */
export async function indexMissingWords(db: Db, batch = 200): Promise<number> {
	let indexed = 0;
	let after = '';
	for (;;) {
		const ids = await db
			.selectFrom('books')
			.select('id')
			.where('id', '>', after)
			.where(({ not, exists, selectFrom }) => not(exists(selectFrom('search_words').select('search_words.book_id').whereRef('search_words.book_id', '=', 'books.id'))))
			.orderBy('id')
			.limit(batch)
			.execute();
		if (!ids.length) return indexed;
		await db.transaction().execute(async (trx) => {
			for (const { id } of ids) {
				const book = await shelfKeys(trx, id);
				if (book) await writeWords(trx, id, book.keys, { metadata: book.words, transcript: await transcriptWords(trx, id) });
			}
		});
		indexed += ids.length;
		after = ids.at(-1)!.id;
	}
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

/** The words of the book's searchable transcript (transcript_search), as the index holds them. */
async function transcriptWords(db: Db, bookId: string): Promise<string[]> {
	const segments = await db.selectFrom('transcript_search').select('text').where('book_id', '=', bookId).execute();
	return searchWordsOf(...segments.map((s) => s.text));
}

/**
 * Books whose search_words rows differ from their own: other words than their title, author and
 * description hold, or other keys (none, when every write went through this module).
 */
export async function wordDrift(db: Db): Promise<string[]> {
	const books = await db.selectFrom('books').select(['id', 'status', 'title', 'author', 'description', 'published_at', 'price_minor']).execute();
	const rows = await db.selectFrom('search_words').selectAll().execute();
	const byBook = new Map<string, typeof rows>();
	for (const r of rows) byBook.set(r.book_id, [...(byBook.get(r.book_id) ?? []), r]);
	const drifted: string[] = [];
	for (const b of books) {
		const metadata = new Set(searchWordsOf(b.title, b.author, b.description));
		const transcript = new Set(await transcriptWords(db, b.id));
		const want = [...new Set([...metadata, ...transcript])].map((w) => `${w}:${metadata.has(w) ? 1 : 0}${transcript.has(w) ? 1 : 0}`).sort();
		const have = byBook.get(b.id) ?? [];
		const keys = keysOf(b);
		const same = have.every((r) => carriesKeys(r, keys)) && have.map((r) => `${r.word}:${Number(r.in_metadata)}${Number(r.in_transcript)}`).sort().join(' ') === want.join(' ');
		if (!same) drifted.push(b.id);
	}
	return drifted;
}
