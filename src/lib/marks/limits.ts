/**
 * What a bookmark or clip may be, shared by the server (which enforces it) and the player (which
 * checks before queueing, so an offline change is not refused later).
 */
export const NOTE_MAX_CHARS = 500;
/** Live marks per listener and book: enough for a study copy, not a dumping ground. */
export const MARKS_PER_BOOK = 200;
/** Rows with tombstones per listener and book; past this, deletes of ids never seen are not kept. */
export const MARK_ROWS_PER_BOOK = MARKS_PER_BOOK * 5;
/** A clip is a passage to come back to or quote, not a second copy of the book. */
export const CLIP_MAX_MS = 10 * 60_000;
/** "Clip last 30 s" in the player. */
export const QUICK_CLIP_MS = 30_000;

export type MarkKind = 'bookmark' | 'clip';

export interface MarkFields {
	kind: MarkKind;
	startMs: number;
	/** The clip's end; null for a bookmark. */
	endMs: number | null;
	note: string;
}

export type MarkProblem = { field: 'startMs' | 'endMs' | 'note' | 'kind'; message: string };

/**
 * The first thing wrong with a mark in a book of `durationMs`, or null. Times past the end by no
 * more than `slackMs` are allowed (the browser's duration and ffprobe's differ by a frame or two)
 * and are clamped by the caller.
 */
export function markProblem(mark: MarkFields, durationMs: number, slackMs = 0): MarkProblem | null {
	const limit = durationMs + slackMs;
	if (mark.startMs > limit) return { field: 'startMs', message: `startMs: ${mark.startMs} is past the end of the book (${durationMs} ms).` };
	if (mark.kind === 'bookmark') {
		if (mark.endMs !== null) return { field: 'endMs', message: 'endMs: a bookmark is one position; send null, or make it a clip.' };
	} else {
		if (mark.endMs === null) return { field: 'endMs', message: 'endMs: a clip needs the time it ends.' };
		if (mark.endMs > limit) return { field: 'endMs', message: `endMs: ${mark.endMs} is past the end of the book (${durationMs} ms).` };
		if (Math.min(mark.endMs, durationMs) <= mark.startMs) return { field: 'endMs', message: 'endMs: a clip must end after it starts.' };
		if (mark.endMs - mark.startMs > CLIP_MAX_MS) return { field: 'endMs', message: `endMs: a clip may be at most ${CLIP_MAX_MS / 60_000} minutes long.` };
	}
	if ([...mark.note].length > NOTE_MAX_CHARS) return { field: 'note', message: `note: at most ${NOTE_MAX_CHARS} characters.` };
	return null;
}
