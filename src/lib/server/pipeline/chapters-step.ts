/**
 * The chapters step: a book whose file carried chapter marks, or whose chapters an admin set, keeps
 * them; otherwise its chapters are found in the transcript (spoken headings, else changes of topic
 * and long pauses) and replace what an earlier run found. Nothing here calls a model, so the step
 * cannot be left stuck by one; at worst a book gets no chapters.
 */
import { chaptersSetByAdmin, findChapters, listChapters, replaceDetectedChapters, type ChapterRow } from '../chapters';
import { titleChapters } from '../chapters/topic-titles';
import type { Book } from '../db/schema';
import type { StepContext } from './handlers';
import type { Segment } from './outputs.repository';

/** What the step leaves in its checkpoint for the admin page. */
export interface ChaptersCheckpoint {
	chapters: number;
	source: ChapterRow['source'] | 'none';
	kept: boolean;
}

const LOGGED_CHAPTERS = 30;

function clock(ms: number): string {
	const s = Math.floor(ms / 1000);
	return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export async function detectChapters(
	ctx: Pick<StepContext, 'db' | 'emit'>,
	book: Pick<Book, 'id' | 'language' | 'duration_ms'>,
	segments: Segment[],
	checkpoint: (value: ChaptersCheckpoint) => Promise<void>
): Promise<void> {
	const existing = await listChapters(ctx.db, book.id);
	const owner = (await chaptersSetByAdmin(ctx.db, book.id)) ? 'admin' : existing.find((c) => c.source === 'admin' || c.source === 'file')?.source;
	if (owner) {
		await checkpoint({ chapters: existing.length, source: owner, kept: true });
		await ctx.emit('log', { level: 'info', message: `keeps the ${existing.length} chapters ${owner === 'admin' ? 'an admin set' : 'of the audio file'}` });
		return;
	}
	const language = book.language === 'detect' ? 'en' : book.language;
	const found = findChapters(segments, { durationMs: Number(book.duration_ms), language });
	const titles = titleChapters(found, language);
	const rows: ChapterRow[] = found.map((c, i) => ({ startMs: c.startMs, title: titles[i]!, source: c.source }));
	if (!(await replaceDetectedChapters(ctx.db, book.id, rows))) {
		// An admin saved chapters while we looked: theirs stand.
		await checkpoint({ chapters: 0, source: 'admin', kept: true });
		await ctx.emit('log', { level: 'info', message: 'an admin set the chapters meanwhile; they are kept' });
		return;
	}
	const source = rows.some((r) => r.source === 'heading') ? 'heading' : rows.length ? 'topic' : 'none';
	await checkpoint({ chapters: rows.length, source, kept: false });
	for (const r of rows.slice(0, LOGGED_CHAPTERS)) await ctx.emit('log', { level: 'info', message: `chapter at ${clock(r.startMs)}: ${r.title}` });
	await ctx.emit('log', {
		level: 'info',
		message: rows.length
			? `${rows.length} chapters found from ${source === 'heading' ? 'spoken headings' : 'changes of topic and pauses'}`
			: 'no chapters: no spoken heading, and the book is short or reads as one piece'
	});
}
