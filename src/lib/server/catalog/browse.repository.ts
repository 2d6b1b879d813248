/**
 * Read-only SQL for the storefront: published books only. Search uses the dialect's full-text index
 * (SQLite FTS5 books_fts, MySQL FULLTEXT books_fulltext) and the transcripts' (transcript-search.repository.ts);
 * pagination is keyset over (sort key, id).
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { dialectOf, type Db } from '../db';
import { fts5Match, innodbAgainst } from './fulltext';
import { booksWithTranscriptMatch } from './transcript-search.repository';

export type BrowseSort = 'newest' | 'title' | 'price';

/** The last row of the previous page, in the order of `sort`. */
export interface BrowsePosition {
	sort: BrowseSort;
	key: number | string;
	id: string;
}

export interface BrowseFilter {
	categorySlugs: string[];
	/** Sanitised search terms (letters and digits only); all must match, each as a prefix. */
	terms: string[];
	sort: BrowseSort;
	after: BrowsePosition | null;
	limit: number;
}

export interface CategoryRef {
	slug: string;
	name: string;
	/** The Thai interface's name; null when none was given (then `name` is shown). */
	nameTh: string | null;
}

export interface BookSummaryRow {
	id: string;
	title: string;
	author: string;
	narrator: string | null;
	price_minor: number;
	currency: string;
	is_free: number;
	duration_ms: number;
	published_at: number | null;
}

const SUMMARY_COLUMNS = [
	'books.id',
	'books.title',
	'books.author',
	'books.narrator',
	'books.price_minor',
	'books.currency',
	'books.is_free',
	'books.duration_ms',
	'books.published_at'
] as const;

/** One page (up to limit + 1 rows, so the caller can tell whether another page follows). */
export async function listPublishedBooks(db: Db, f: BrowseFilter): Promise<BookSummaryRow[]> {
	let query = db.selectFrom('books').select(SUMMARY_COLUMNS).where('books.status', '=', 'published');
	if (f.categorySlugs.length) {
		query = query.where(
			'books.id',
			'in',
			db
				.selectFrom('book_categories')
				.innerJoin('categories', 'categories.id', 'book_categories.category_id')
				.select('book_categories.book_id')
				.where('categories.slug', 'in', f.categorySlugs)
		);
	}
	if (f.terms.length) {
		// A book matches through its metadata or through one segment of its transcript.
		query = query.where((eb) => eb.or([fullTextMatch(db, f.terms), eb('books.id', 'in', booksWithTranscriptMatch(db, f.terms))]));
	}

	const after = f.after;
	switch (f.sort) {
		case 'newest':
			if (after) {
				query = query.where((eb) =>
					eb.or([
						eb('books.published_at', '<', Number(after.key)),
						eb.and([eb('books.published_at', '=', Number(after.key)), eb('books.id', '<', after.id)])
					])
				);
			}
			query = query.orderBy('books.published_at', 'desc').orderBy('books.id', 'desc');
			break;
		case 'title':
			if (after) {
				query = query.where((eb) =>
					eb.or([
						eb('books.title', '>', String(after.key)),
						eb.and([eb('books.title', '=', String(after.key)), eb('books.id', '>', after.id)])
					])
				);
			}
			query = query.orderBy('books.title', 'asc').orderBy('books.id', 'asc');
			break;
		case 'price':
			if (after) {
				query = query.where((eb) =>
					eb.or([
						eb('books.price_minor', '>', Number(after.key)),
						eb.and([eb('books.price_minor', '=', Number(after.key)), eb('books.id', '>', after.id)])
					])
				);
			}
			query = query.orderBy('books.price_minor', 'asc').orderBy('books.id', 'asc');
			break;
	}
	return query.limit(f.limit + 1).execute();
}

/** Title, author or description has every term (the terms come from fulltext.ts's callers, sanitised). */
function fullTextMatch(db: Db, terms: string[]): Expression<SqlBool> {
	if (dialectOf(db) === 'sqlite') {
		return sql<SqlBool>`books.rowid IN (SELECT rowid FROM books_fts WHERE books_fts MATCH ${fts5Match(terms)})`;
	}
	const against = innodbAgainst(terms);
	if (against === null) return sql<SqlBool>`1 = 0`;
	return sql<SqlBool>`MATCH (books.title, books.author, books.description) AGAINST (${against} IN BOOLEAN MODE)`;
}

export async function findPublishedBook(db: Db, id: string) {
	return db
		.selectFrom('books')
		.select([...SUMMARY_COLUMNS, 'books.description', 'books.audio_format', 'books.audio_size'])
		.where('books.id', '=', id)
		.where('books.status', '=', 'published')
		.executeTakeFirst();
}

/** The audio blob of a published book, for the preview. */
export async function findPublishedAudio(db: Db, id: string) {
	return db
		.selectFrom('books')
		.select(['audio_key', 'audio_size', 'audio_mime', 'duration_ms', 'preview_key', 'preview_size'])
		.where('id', '=', id)
		.where('status', '=', 'published')
		.executeTakeFirst();
}

/** Categories of each given book, by name. */
export async function categoriesOfBooks(db: Db, bookIds: string[]): Promise<Map<string, CategoryRef[]>> {
	const byBook = new Map<string, CategoryRef[]>();
	if (!bookIds.length) return byBook;
	const rows = await db
		.selectFrom('book_categories')
		.innerJoin('categories', 'categories.id', 'book_categories.category_id')
		.select(['book_categories.book_id', 'categories.slug', 'categories.name', 'categories.name_th'])
		.where('book_categories.book_id', 'in', bookIds)
		.orderBy('categories.name')
		.execute();
	for (const r of rows) {
		const list = byBook.get(r.book_id) ?? [];
		list.push({ slug: r.slug, name: r.name, nameTh: r.name_th });
		byBook.set(r.book_id, list);
	}
	return byBook;
}

export async function listCategories(db: Db): Promise<CategoryRef[]> {
	const rows = await db.selectFrom('categories').select(['slug', 'name', 'name_th']).orderBy('name').execute();
	return rows.map((r) => ({ slug: r.slug, name: r.name, nameTh: r.name_th }));
}
