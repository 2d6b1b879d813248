/** SQL of the category taxonomy (admin side): list with book counts, create, rename, delete. */
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db';
import type { Category } from '../db/schema';

export interface CategoryWithCount extends Category {
	book_count: number;
}

export async function listCategoriesWithCounts(db: Db): Promise<CategoryWithCount[]> {
	const rows = await db
		.selectFrom('categories')
		.leftJoin('book_categories', 'book_categories.category_id', 'categories.id')
		.select(['categories.id', 'categories.slug', 'categories.name', 'categories.name_th', 'categories.description', 'categories.created_at'])
		.select((eb) => eb.fn.count<number>('book_categories.book_id').as('book_count'))
		.groupBy(['categories.id', 'categories.slug', 'categories.name', 'categories.name_th', 'categories.description', 'categories.created_at'])
		.orderBy('categories.name')
		.execute();
	return rows.map((r) => ({ ...r, book_count: Number(r.book_count) }));
}

export function findCategoryById(db: Db, id: string): Promise<Category | undefined> {
	return db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The categories named by id or slug; refs that match nothing are simply absent. */
export async function findCategoriesByRefs(db: Db, refs: string[]): Promise<Category[]> {
	if (refs.length === 0) return [];
	return db
		.selectFrom('categories')
		.selectAll()
		.where((eb) => eb.or([eb('id', 'in', refs), eb('slug', 'in', refs)]))
		.execute();
}

export async function insertCategory(db: Db, c: { slug: string; name: string; nameTh?: string | null; description?: string }, now: number): Promise<Category> {
	const row: Category = { id: uuidv7(), slug: c.slug, name: c.name, name_th: c.nameTh ?? null, description: c.description ?? null, created_at: now };
	await db.insertInto('categories').values(row).execute();
	return row;
}

/** False when no category has this id. */
export async function updateCategory(
	db: Db,
	id: string,
	patch: { slug?: string; name?: string; nameTh?: string | null; description?: string }
): Promise<boolean> {
	const { nameTh, ...rest } = patch;
	const update = { ...rest, ...(nameTh !== undefined ? { name_th: nameTh } : {}) };
	if (Object.values(update).every((v) => v === undefined)) return (await findCategoryById(db, id)) !== undefined;
	const res = await db.updateTable('categories').set(update).where('id', '=', id).executeTakeFirst();
	// MySQL counts only changed rows: an unchanged rename must still find its category.
	return Number(res.numUpdatedRows) > 0 || (await findCategoryById(db, id)) !== undefined;
}

/** Deleting a category unlinks it from its books (ON DELETE CASCADE); false when it did not exist. */
export async function deleteCategory(db: Db, id: string): Promise<boolean> {
	const res = await db.deleteFrom('categories').where('id', '=', id).executeTakeFirst();
	return Number(res.numDeletedRows) > 0;
}
