/** SQL for bookmarks and clips: one row per listener and mark id, tombstones included. */
import { dialectOf, type Db } from '../db';
import type { BookMarksTable } from '../db/schema';

/** The database or a transaction on it (a Kysely Transaction is a Kysely). */
type Executor = Db;

export async function listLiveMarks(db: Db, userId: string, bookId: string) {
	return db
		.selectFrom('book_marks')
		.selectAll()
		.where('user_id', '=', userId)
		.where('book_id', '=', bookId)
		.where('deleted', '=', 0)
		.orderBy('start_ms')
		.orderBy('created_at')
		.execute();
}

/** The row, locked on MySQL until the transaction ends, so two devices' changes apply one after the other. */
export async function findMarkForUpdate(trx: Executor, userId: string, id: string) {
	return trx
		.selectFrom('book_marks')
		.selectAll()
		.where('user_id', '=', userId)
		.where('id', '=', id)
		.$if(dialectOf(trx) === 'mysql', (q) => q.forUpdate())
		.executeTakeFirst();
}

export async function countMarks(trx: Executor, userId: string, bookId: string): Promise<{ live: number; all: number }> {
	const row = await trx
		.selectFrom('book_marks')
		.select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.sum<number>('deleted').as('deleted')])
		.where('user_id', '=', userId)
		.where('book_id', '=', bookId)
		.executeTakeFirstOrThrow();
	const all = Number(row.all);
	return { all, live: all - Number(row.deleted ?? 0) };
}

export async function insertMark(trx: Executor, row: BookMarksTable): Promise<void> {
	await trx.insertInto('book_marks').values(row).execute();
}

export async function updateMark(trx: Executor, userId: string, id: string, set: Omit<BookMarksTable, 'user_id' | 'id' | 'book_id' | 'created_at'>): Promise<void> {
	await trx.updateTable('book_marks').set(set).where('user_id', '=', userId).where('id', '=', id).execute();
}
