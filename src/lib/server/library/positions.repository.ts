/** SQL for listening positions: one row per listener and book, the newest observation wins. */
import { sql } from 'kysely';
import { dialectOf, type Db } from '../db';

export async function findPosition(db: Db, userId: string, bookId: string) {
	return db
		.selectFrom('listening_positions')
		.select(['position_ms', 'observed_at'])
		.where('user_id', '=', userId)
		.where('book_id', '=', bookId)
		.executeTakeFirst();
}

/**
 * Stores the position unless the stored one was observed later (or at the same moment). One
 * statement, so two devices saving at once cannot interleave a read and a write.
 */
export async function upsertNewerPosition(
	db: Db,
	p: { userId: string; bookId: string; positionMs: number; observedAt: number; now: number }
): Promise<void> {
	const row = { user_id: p.userId, book_id: p.bookId, position_ms: p.positionMs, observed_at: p.observedAt, updated_at: p.now };
	if (dialectOf(db) === 'mysql') {
		// MySQL assigns left to right: observed_at must change last, after the other columns compared it.
		await db
			.insertInto('listening_positions')
			.values(row)
			.onDuplicateKeyUpdate({
				position_ms: sql`IF(VALUES(observed_at) > observed_at, VALUES(position_ms), position_ms)`,
				updated_at: sql`IF(VALUES(observed_at) > observed_at, VALUES(updated_at), updated_at)`,
				observed_at: sql`GREATEST(observed_at, VALUES(observed_at))`
			})
			.execute();
		return;
	}
	await db
		.insertInto('listening_positions')
		.values(row)
		.onConflict((oc) =>
			oc
				.columns(['user_id', 'book_id'])
				.doUpdateSet((eb) => ({
					position_ms: eb.ref('excluded.position_ms'),
					observed_at: eb.ref('excluded.observed_at'),
					updated_at: eb.ref('excluded.updated_at')
				}))
				.where((eb) => eb('excluded.observed_at', '>', eb.ref('listening_positions.observed_at')))
		)
		.execute();
}

/**
 * Books the user owns and has started but not finished (`finishedWithinMs` of the end counts as
 * finished), the most recently listened first.
 */
export async function listUnfinishedOwned(db: Db, userId: string, finishedWithinMs: number, limit: number) {
	return db
		.selectFrom('listening_positions as p')
		.innerJoin('ownerships as o', (join) => join.onRef('o.user_id', '=', 'p.user_id').onRef('o.book_id', '=', 'p.book_id'))
		.innerJoin('books as b', 'b.id', 'p.book_id')
		.select(['b.id', 'b.title', 'b.author', 'b.duration_ms', 'p.position_ms', 'p.observed_at'])
		.where('p.user_id', '=', userId)
		.where('p.position_ms', '>', 0)
		.where((eb) => eb('p.position_ms', '<', eb(eb.ref('b.duration_ms'), '-', finishedWithinMs)))
		.orderBy('p.observed_at', 'desc')
		.orderBy('b.title')
		.limit(limit)
		.execute();
}
