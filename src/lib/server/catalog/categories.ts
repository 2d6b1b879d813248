/** The category taxonomy, admin side: list with book counts, create, rename, delete. */
import type { Db } from '../db';
import { isUniqueViolation } from '../auth/service';
import { conflict, invalidInput, notFound } from '../errors';
import * as repo from './categories.repository';
import { slugify } from './schemas';

export interface AdminCategory {
	id: string;
	slug: string;
	name: string;
	/** The name in the Thai interface; empty when none was given (the English name shows there). */
	nameTh: string;
	/** What books of the category are about: the classifier reads it (admins edit it). */
	description: string;
	bookCount: number;
}

export async function listCategories(db: Db): Promise<AdminCategory[]> {
	const rows = await repo.listCategoriesWithCounts(db);
	return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, nameTh: r.name_th ?? '', description: r.description ?? '', bookCount: r.book_count }));
}

function slugTaken(slug: string) {
	return conflict(`slug: a category with slug "${slug}" already exists; choose another name or slug`, 'slug');
}

export async function createCategory(
	deps: { db: Db; clock: () => number },
	input: { name: string; nameTh?: string | null; slug?: string; description?: string }
): Promise<AdminCategory> {
	const slug = input.slug ?? slugify(input.name);
	if (!slug) throw invalidInput('slug: the name has no Latin letters or digits; give a slug too (e.g. "thai-poetry")', 'slug');
	try {
		const row = await repo.insertCategory(deps.db, { slug, name: input.name, nameTh: input.nameTh, description: input.description }, deps.clock());
		return { id: row.id, slug: row.slug, name: row.name, nameTh: row.name_th ?? '', description: row.description ?? '', bookCount: 0 };
	} catch (e) {
		if (isUniqueViolation(e)) throw slugTaken(slug);
		throw e;
	}
}

export async function renameCategory(
	db: Db,
	id: string,
	input: { name?: string; nameTh?: string | null; slug?: string; description?: string }
): Promise<AdminCategory> {
	try {
		if (!(await repo.updateCategory(db, id, input))) throw notFound('No category has this id.');
	} catch (e) {
		if (isUniqueViolation(e)) throw slugTaken(input.slug ?? '');
		throw e;
	}
	const found = (await listCategories(db)).find((c) => c.id === id);
	if (!found) throw notFound('No category has this id.');
	return found;
}

/** Books keep existing; they only lose this category. */
export async function deleteCategory(db: Db, id: string): Promise<void> {
	if (!(await repo.deleteCategory(db, id))) throw notFound('No category has this id.');
}
