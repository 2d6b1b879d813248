/**
 * The store learns from its own catalog: each summarised book keeps its vector, and the books whose
 * categories an admin set or accepted are labelled examples. Each category's examples are sent to the
 * classifier as one centroid, so the request stays small however large the catalog grows.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export async function storeBookVector(db: Kysely<Database>, bookId: string, model: string, vector: number[], now: number) {
	const row = { book_id: bookId, model, vector: JSON.stringify(vector.map((v) => Math.round(v * 1e6) / 1e6)), created_at: now };
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('book_vectors').where('book_id', '=', bookId).execute();
		await trx.insertInto('book_vectors').values(row).execute();
	});
}

export interface CategoryExamples {
	centroid: number[];
	count: number;
	model: string;
}

/**
 * Per category slug, the mean vector of the labelled books filed under it (books with a confirmed
 * category list), for the embedding model the newest vector was made with. `exceptBookId` leaves out
 * the book being classified, so a redo is not steered by its own earlier answer.
 */
export async function labelledExamples(db: Kysely<Database>, exceptBookId: string): Promise<Map<string, CategoryExamples>> {
	const rows = await db
		.selectFrom('book_vectors as v')
		.innerJoin('books as b', 'b.id', 'v.book_id')
		.innerJoin('book_categories as bc', 'bc.book_id', 'v.book_id')
		.innerJoin('categories as c', 'c.id', 'bc.category_id')
		.select(['c.slug', 'v.model', 'v.vector', 'v.created_at'])
		.where('b.categories_confirmed_at', 'is not', null)
		.where('v.book_id', '!=', exceptBookId)
		.execute();
	if (rows.length === 0) return new Map();
	const model = rows.reduce((newest, r) => (Number(r.created_at) > Number(newest.created_at) ? r : newest)).model;
	const sums = new Map<string, { sum: number[]; count: number }>();
	for (const row of rows) {
		if (row.model !== model) continue;
		const vector = JSON.parse(row.vector) as number[];
		const entry = sums.get(row.slug) ?? { sum: new Array<number>(vector.length).fill(0), count: 0 };
		if (entry.sum.length !== vector.length) continue;
		for (let i = 0; i < vector.length; i++) entry.sum[i]! += vector[i]!;
		entry.count++;
		sums.set(row.slug, entry);
	}
	return new Map([...sums].map(([slug, { sum, count }]) => [slug, { centroid: sum.map((v) => v / count), count, model }]));
}
