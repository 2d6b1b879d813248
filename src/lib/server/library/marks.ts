/**
 * A listener's bookmarks and clips in a book they own, shared by their devices. Each change comes
 * with the client's id for the mark and the time the change was made; the merge rules are in
 * $lib/marks/merge.ts (the phone applies the same ones to its queue).
 */
import { MARKS_PER_BOOK, MARK_ROWS_PER_BOOK, markProblem, type MarkFields } from '$lib/marks/limits';
import { mergeChange, type Mark, type MarkChange, type MarkState } from '$lib/marks/merge';

export type { Mark } from '$lib/marks/merge';
import type { PublicUser } from '../auth/service';
import type { Db } from '../db';
import type { BookMarksTable } from '../db/schema';
import { conflict, invalidInput } from '../errors';
import { POSITION_SLACK_MS, listenableBook } from './index';
import { countMarks, findMarkForUpdate, insertMark, listLiveMarks, updateMark } from './marks.repository';

const toMark = (row: BookMarksTable): Mark => ({
	id: row.id,
	kind: row.kind,
	startMs: Number(row.start_ms),
	endMs: row.end_ms === null ? null : Number(row.end_ms),
	note: row.note,
	createdAt: new Date(Number(row.created_at)).toISOString(),
	changedAt: new Date(Number(row.changed_at)).toISOString()
});

const toState = (row: BookMarksTable): MarkState => ({
	id: row.id,
	kind: row.kind,
	startMs: Number(row.start_ms),
	endMs: row.end_ms === null ? null : Number(row.end_ms),
	note: row.note,
	deleted: Number(row.deleted) === 1,
	changedAt: Number(row.changed_at)
});

/** The listener's live marks in the book, in the order they come in the book. */
export async function listMarks(db: Db, user: PublicUser, bookId: string): Promise<Mark[]> {
	await listenableBook(db, user, bookId);
	return (await listLiveMarks(db, user.id, bookId)).map(toMark);
}

/**
 * Creates or edits the mark `id` (an edit older than the stored one changes nothing; a deleted mark
 * stays deleted). Answers with the mark as it stands, or null when it is deleted.
 */
export async function putMark(db: Db, user: PublicUser, bookId: string, id: string, input: MarkFields & { at: string }, now: number): Promise<Mark | null> {
	const book = await listenableBook(db, user, bookId);
	const durationMs = Number(book.duration_ms);
	const problem = markProblem(input, durationMs, POSITION_SLACK_MS);
	if (problem) throw invalidInput(problem.message, problem.field);
	const change: MarkChange = {
		op: 'put',
		id,
		kind: input.kind,
		startMs: Math.min(input.startMs, durationMs),
		endMs: input.endMs === null ? null : Math.min(input.endMs, durationMs),
		note: input.note.normalize('NFC').trim(),
		at: Math.min(Date.parse(input.at), now)
	};
	return applyChange(db, user.id, bookId, change, now);
}

/** Deletes the mark `id`, leaving a tombstone (also for an id not seen yet: its creation may still be queued elsewhere). */
export async function deleteMark(db: Db, user: PublicUser, bookId: string, id: string, at: string, now: number): Promise<null> {
	await listenableBook(db, user, bookId);
	await applyChange(db, user.id, bookId, { op: 'delete', id, at: Math.min(Date.parse(at), now) }, now);
	return null;
}

/**
 * Reads, merges and writes in one transaction with the row locked (MySQL), so two devices' changes
 * to one mark apply one after the other. Two devices creating the same new id at once (they cannot:
 * ids are random per device) would make one fail and retry from its queue.
 */
async function applyChange(db: Db, userId: string, bookId: string, change: MarkChange, now: number): Promise<Mark | null> {
	return db.transaction().execute(async (trx) => {
		const stored = await findMarkForUpdate(trx, userId, change.id);
		if (stored && stored.book_id !== bookId) throw conflict('This mark id is already used in another book. Make a new id for a new mark.', 'id');
		const merged = mergeChange(stored ? toState(stored) : undefined, change);
		if (!merged) return stored && !Number(stored.deleted) ? toMark(stored) : null;
		const row: BookMarksTable = {
			user_id: userId,
			id: change.id,
			book_id: bookId,
			kind: merged.kind,
			start_ms: merged.startMs,
			end_ms: merged.endMs,
			note: merged.note,
			deleted: merged.deleted ? 1 : 0,
			changed_at: merged.changedAt,
			created_at: stored ? Number(stored.created_at) : now,
			updated_at: now
		};
		if (stored) {
			const { user_id: _u, id: _i, book_id: _b, created_at: _c, ...set } = row;
			await updateMark(trx, userId, change.id, set);
		} else {
			const counts = await countMarks(trx, userId, bookId);
			if (!merged.deleted && counts.live >= MARKS_PER_BOOK) {
				throw conflict(`This book already has ${MARKS_PER_BOOK} bookmarks and clips, the most it can have. Delete one to add another.`);
			}
			// Tombstones of ids never seen are kept only up to a bound: a client cannot fill the table with them.
			if (merged.deleted && counts.all >= MARK_ROWS_PER_BOOK) return null;
			await insertMark(trx, row);
		}
		return merged.deleted ? null : toMark(row);
	});
}
