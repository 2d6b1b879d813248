/**
 * Where the listener is among a book's chapters, and where previous/next take them. A chapter runs
 * from its start to the next one's (the last to the end of the book).
 */
import { lastStartedBy } from './transcript-index';

export interface Chapter {
	startMs: number;
	title: string;
}

/** Going back this far into a chapter restarts it; closer to its start, "previous" goes to the one before. */
export const RESTART_WINDOW_MS = 3_000;

/** The index of the chapter playing at `ms` (the last one started by then), or -1 before the first. */
export function chapterAt(chapters: readonly Chapter[], ms: number): number {
	return lastStartedBy(chapters, ms);
}

/** Like a CD player: the start of this chapter, or of the one before when just past its start. */
export function previousChapterStart(chapters: readonly Chapter[], ms: number): number {
	const i = chapterAt(chapters, ms);
	if (i < 0) return 0;
	if (ms - chapters[i]!.startMs > RESTART_WINDOW_MS || i === 0) return chapters[i]!.startMs;
	return chapters[i - 1]!.startMs;
}

/** The next chapter's start, or null in the last one. */
export function nextChapterStart(chapters: readonly Chapter[], ms: number): number | null {
	return chapters[chapterAt(chapters, ms) + 1]?.startMs ?? null;
}

/** How far into the chapter at `index` playback is, and how long that chapter is. */
export function chapterProgress(chapters: readonly Chapter[], index: number, ms: number, durationMs: number): { elapsedMs: number; lengthMs: number } {
	const c = chapters[index];
	if (!c) return { elapsedMs: 0, lengthMs: 0 };
	const end = chapters[index + 1]?.startMs ?? durationMs;
	const lengthMs = Math.max(0, end - c.startMs);
	return { elapsedMs: Math.min(lengthMs, Math.max(0, ms - c.startMs)), lengthMs };
}

/**
 * Which transcript segment each chapter's heading goes before: the first segment still being spoken
 * at the chapter's start (a heading mid-segment goes before that segment).
 */
export function headingsBySegment(segments: ReadonlyArray<{ startMs: number; endMs: number }>, chapters: readonly Chapter[]): Map<number, Chapter> {
	const at = new Map<number, Chapter>();
	let s = 0;
	for (const c of chapters) {
		while (s < segments.length && segments[s]!.endMs <= c.startMs) s++;
		if (s >= segments.length) break;
		if (!at.has(s)) at.set(s, c);
	}
	return at;
}
