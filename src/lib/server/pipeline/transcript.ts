/** The transcript as owners and admins read it: WebVTT cues for players, timed JSON segments, plain text for reading. */
import type { Authenticated } from '../auth/service';
import type { Db } from '../db';
import { notFound } from '../errors';
import { getTranscript, ownsBook, type Segment } from './outputs.repository';

function timestamp(seconds: number): string {
	const ms = Math.max(0, Math.round(seconds * 1000));
	const h = Math.floor(ms / 3_600_000);
	const m = Math.floor((ms % 3_600_000) / 60_000);
	const s = Math.floor((ms % 60_000) / 1000);
	const pad = (n: number, w = 2) => String(n).padStart(w, '0');
	return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

export function toWebVtt(segments: Segment[]): string {
	const cues = segments
		.filter((s) => s.text.trim())
		// "-->" inside a cue would end it; & and < are escaped per the WebVTT text rules.
		.map((s, i) => `${i + 1}\n${timestamp(s.start)} --> ${timestamp(s.end)}\n${s.text.trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/-->/g, '--&gt;')}`);
	return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

/** Segments in whole milliseconds, blank ones dropped (as in the WebVTT), for players that follow along. */
export function toTimedSegments(segments: Segment[]): Array<{ startMs: number; endMs: number; text: string }> {
	return segments
		.filter((s) => s.text.trim())
		.map((s) => ({ startMs: Math.max(0, Math.round(s.start * 1000)), endMs: Math.max(0, Math.round(s.end * 1000)), text: s.text.trim() }));
}

/** The transcript of a book the caller owns (or any, for an admin); not_found otherwise, so ownership does not leak. */
export async function readableTranscript(db: Db, caller: Authenticated, bookId: string) {
	if (caller.user.role !== 'admin' && !(await ownsBook(db, caller.user.id, bookId))) throw notFound('No transcript for this book in your library.');
	const transcript = await getTranscript(db, bookId);
	if (!transcript) throw notFound('This book has no transcript yet.');
	return transcript;
}
