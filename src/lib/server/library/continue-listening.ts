/** The library's "continue listening" row: owned books the listener is part-way through. */
import type { Db } from '../db';
import { listUnfinishedOwned } from './positions.repository';

/** Closer than this to the end, a book counts as finished: the closing credits are not worth resuming. */
export const FINISHED_WITHIN_MS = 15_000;
const ROW_LENGTH = 10;

export interface BookInProgress {
	id: string;
	title: string;
	author: string;
	durationMs: number;
	positionMs: number;
	/** When the listener was last there (ISO 8601). */
	listenedAt: string;
}

export async function booksInProgress(db: Db, userId: string): Promise<BookInProgress[]> {
	const rows = await listUnfinishedOwned(db, userId, FINISHED_WITHIN_MS, ROW_LENGTH);
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		author: r.author,
		durationMs: Number(r.duration_ms),
		positionMs: Number(r.position_ms),
		listenedAt: new Date(Number(r.observed_at)).toISOString()
	}));
}
