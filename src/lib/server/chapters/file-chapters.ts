/**
 * The chapter marks an audio file carries (m4b chapter atoms, ID3 CHAP frames), as ffprobe's
 * `-show_chapters` reports them, turned into the store's chapters. Marks past the end, duplicates
 * and blank titles are dropped or named, so a sloppy file still gives a usable list.
 */
import type { FfprobeChapter } from '../../media/audio-format';
import type { ChapterRow } from './chapters.repository';
import { MAX_CHAPTERS, MAX_TITLE_LENGTH } from './schemas';

export function chaptersFromProbe(chapters: FfprobeChapter[] | undefined, durationMs: number): ChapterRow[] {
	const marks = (chapters ?? [])
		.map((c) => ({ startMs: Math.round(Number(c.start_time) * 1000), title: cleanTitle(c.tags?.title ?? c.tags?.TITLE ?? '') }))
		.filter((c) => Number.isFinite(c.startMs) && c.startMs >= 0 && c.startMs < durationMs)
		.sort((a, b) => a.startMs - b.startMs);
	const rows: ChapterRow[] = [];
	for (const m of marks) {
		if (rows.length && rows.at(-1)!.startMs === m.startMs) continue;
		rows.push({ startMs: m.startMs, title: m.title || `Chapter ${rows.length + 1}`, source: 'file' });
		if (rows.length === MAX_CHAPTERS) break;
	}
	// One mark is no division of the book.
	return rows.length >= 2 ? rows : [];
}

function cleanTitle(raw: string): string {
	return raw.normalize('NFC').replace(/[\p{Cc}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_LENGTH).trim();
}
