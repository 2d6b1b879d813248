/** SQL of covers: which picture a book shows, and what a drawn cover needs to know. */
import type { Db } from '../db';
import type { BookStatus, CoverSource } from '../db/schema';
import { firstCategorySlug } from './palette';

export interface CoverRow {
	id: string;
	title: string;
	author: string;
	status: BookStatus;
	cover_hash: string | null;
	cover_source: CoverSource | null;
	/** The first of its categories (palette.ts firstCategorySlug): it picks a drawn cover's colour. */
	first_category: string | null;
}

export async function findCoverRow(db: Db, bookId: string): Promise<CoverRow | undefined> {
	const book = await db
		.selectFrom('books')
		.select(['id', 'title', 'author', 'status', 'cover_hash', 'cover_source'])
		.where('id', '=', bookId)
		.executeTakeFirst();
	if (!book) return undefined;
	const categories = await db
		.selectFrom('book_categories')
		.innerJoin('categories', 'categories.id', 'book_categories.category_id')
		.select(['categories.slug', 'categories.name'])
		.where('book_categories.book_id', '=', bookId)
		.execute();
	return { ...book, first_category: firstCategorySlug(categories) };
}

/**
 * Points the book at new renditions (or none) only while it still shows `expected`, so of two admins
 * replacing a cover at once one wins and the other is told; returns whether it changed.
 */
export async function swapCover(
	db: Db,
	bookId: string,
	expected: string | null,
	next: { hash: string; source: CoverSource } | null,
	now: number
): Promise<boolean> {
	const res = await db
		.updateTable('books')
		.set({ cover_hash: next?.hash ?? null, cover_source: next?.source ?? null, updated_at: now })
		.where('id', '=', bookId)
		.where((eb) => (expected === null ? eb('cover_hash', 'is', null) : eb('cover_hash', '=', expected)))
		.executeTakeFirst();
	return Number(res.numUpdatedRows) > 0;
}
