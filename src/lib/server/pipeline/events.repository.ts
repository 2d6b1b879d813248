/**
 * The pipeline's event log: step status changes, progress and sidecar log lines, appended by runners
 * and read by every app instance's console (the database is the bus). Ids only grow; each book keeps
 * its newest RETAIN_PER_BOOK events, and the largest id pruned per book is remembered so a console
 * resuming from before it knows it missed something.
 */
import type { Kysely } from 'kysely';
import { dialectOf } from '../db';
import type { Database, PipelineEvent } from '../db/schema';

export const RETAIN_PER_BOOK = 2000;
/** Pruning looks at a book every this many of its own events (ids are global, so roughly). */
const PRUNE_EVERY = 200;

export type EventType = 'step' | 'progress' | 'log' | 'chunk' | 'map';

export interface ConsoleEvent {
	id: number;
	bookId: string;
	type: string;
	data: unknown;
	at: number;
}

export function toConsoleEvent(row: PipelineEvent): ConsoleEvent {
	return { id: row.id, bookId: row.book_id, type: row.type, data: JSON.parse(row.payload), at: row.created_at };
}

export async function appendEvent(
	db: Kysely<Database>,
	bookId: string,
	type: EventType,
	payload: unknown,
	now: number
): Promise<number> {
	const res = await db
		.insertInto('pipeline_events')
		.values({ book_id: bookId, type, payload: JSON.stringify(payload), created_at: now })
		.executeTakeFirst();
	const id = Number(res.insertId);
	if (id % PRUNE_EVERY === 0) await pruneEvents(db, bookId);
	return id;
}

/** Deletes all but the newest `keep` events of a book; returns how many went. */
export async function pruneEvents(db: Kysely<Database>, bookId: string, keep = RETAIN_PER_BOOK): Promise<number> {
	const oldestKept = await db
		.selectFrom('pipeline_events')
		.select('id')
		.where('book_id', '=', bookId)
		.orderBy('id', 'desc')
		.limit(1)
		.offset(keep - 1)
		.executeTakeFirst();
	if (!oldestKept) return 0;
	const newestPruned = await db
		.selectFrom('pipeline_events')
		.select((eb) => eb.fn.max('id').as('id'))
		.where('book_id', '=', bookId)
		.where('id', '<', oldestKept.id)
		.executeTakeFirst();
	const through = Number(newestPruned?.id ?? 0);
	if (!through) return 0;
	return db.transaction().execute(async (trx) => {
		const res = await trx.deleteFrom('pipeline_events').where('book_id', '=', bookId).where('id', '<=', through).executeTakeFirst();
		const row = { book_id: bookId, pruned_through: through };
		if (dialectOf(trx) === 'mysql') {
			await trx.insertInto('pipeline_event_horizons').values(row).onDuplicateKeyUpdate({ pruned_through: through }).execute();
		} else {
			await trx
				.insertInto('pipeline_event_horizons')
				.values(row)
				.onConflict((oc) => oc.column('book_id').doUpdateSet({ pruned_through: through }))
				.execute();
		}
		return Number(res.numDeletedRows);
	});
}

/** Events after `afterId`, oldest first, for one book or all. */
export async function eventsAfter(
	db: Kysely<Database>,
	afterId: number,
	opts: { bookId?: string; limit: number }
): Promise<PipelineEvent[]> {
	let q = db.selectFrom('pipeline_events').selectAll().where('id', '>', afterId);
	if (opts.bookId) q = q.where('book_id', '=', opts.bookId);
	return q.orderBy('id').limit(opts.limit).execute();
}

/** The newest events of a book, oldest first (the admin page's first paint). */
export async function recentEvents(db: Kysely<Database>, bookId: string, limit: number): Promise<PipelineEvent[]> {
	const rows = await db
		.selectFrom('pipeline_events')
		.selectAll()
		.where('book_id', '=', bookId)
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
	return rows.reverse();
}

export async function latestEventId(db: Kysely<Database>): Promise<number> {
	const row = await db.selectFrom('pipeline_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
	return Number(row?.id ?? 0);
}

/** True when events after `sinceId` (of the book, or of any book) were pruned: the reader missed some. */
export async function missedByPruning(db: Kysely<Database>, sinceId: number, bookId?: string): Promise<boolean> {
	let q = db.selectFrom('pipeline_event_horizons').select((eb) => eb.fn.max('pruned_through').as('through'));
	if (bookId) q = q.where('book_id', '=', bookId);
	const row = await q.executeTakeFirst();
	return Number(row?.through ?? 0) > sinceId;
}
