/**
 * The chapters step: a book whose file carried chapter marks, or whose chapters an admin set, keeps
 * them; otherwise its chapters are found in the transcript (spoken headings, else changes of topic
 * and long pauses) and replace what an earlier run found. Chapters found by topic are then named by
 * the language model one at a time (chapter-titles.ts); each title is stored as it comes, so a crash
 * loses the chapter in progress at most, and a title that fails its checks keeps the number.
 */
import { chaptersSetByAdmin, findChapters, listChapters, replaceDetectedChapters, type ChapterRow } from '../chapters';
import { titleChapters } from '../chapters/topic-titles';
import type { Book } from '../db/schema';
import { clock, nameTopicChapters, type TitleNote, type WriteTitle } from './chapter-titles';
import type { StepContext } from './handlers';
import type { Segment } from './outputs.repository';

/** What the step leaves in its checkpoint for the admin page (and for a resumed run, `titles`). */
export interface ChaptersCheckpoint {
	chapters: number;
	source: ChapterRow['source'] | 'none';
	kept: boolean;
	/** Chapters found by topic: how many the model has been asked to name (in order), and how many it named. */
	titles?: { done: number; named: number; of: number };
	/** Why chapters kept their numbers (a title failed its checks, the model failed or does not write the language). */
	notes?: TitleNote[];
}

const LOGGED_CHAPTERS = 30;

/** The checkpoint an earlier, interrupted run of this generation left (a redo clears it). */
function earlierRun(step: StepContext['step']): ChaptersCheckpoint | null {
	try {
		const value = step.checkpoint ? (JSON.parse(step.checkpoint) as ChaptersCheckpoint) : null;
		return value?.titles ? value : null;
	} catch {
		return null;
	}
}

export async function detectChapters(
	ctx: Pick<StepContext, 'db' | 'emit' | 'step'>,
	book: Pick<Book, 'id' | 'language' | 'duration_ms'>,
	segments: Segment[],
	checkpoint: (value: ChaptersCheckpoint) => Promise<void>,
	writeTitle: WriteTitle
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
	let rows: ChapterRow[] = found.map((c, i) => ({ startMs: c.startMs, title: titles[i]!, source: c.source }));
	const source = rows.some((r) => r.source === 'heading') ? 'heading' : rows.length ? 'topic' : 'none';

	// A run of this step that stopped half way (crash, shutdown, lost sidecar) named the first chapters
	// already: the same transcript gives the same chapters, so their stored titles stand.
	const earlier = earlierRun(ctx.step);
	const same = existing.length === rows.length && existing.every((e, i) => e.startMs === rows[i]!.startMs && e.source === rows[i]!.source);
	if (earlier && same) {
		rows = existing;
		await ctx.emit('log', { level: 'info', message: `resuming: ${earlier.titles!.done} of ${earlier.titles!.of} chapters were named before` });
	} else if (!(await replaceDetectedChapters(ctx.db, book.id, rows))) {
		// An admin saved chapters while we looked: theirs stand.
		await checkpoint({ chapters: 0, source: 'admin', kept: true });
		await ctx.emit('log', { level: 'info', message: 'an admin set the chapters meanwhile; they are kept' });
		return;
	}
	const base = { chapters: rows.length, source, kept: false } as const;
	await checkpoint(earlier && same ? { ...earlier, ...base } : base);
	await ctx.emit('log', {
		level: 'info',
		message: rows.length
			? `${rows.length} chapters found from ${source === 'heading' ? 'spoken headings' : 'changes of topic and pauses'}`
			: 'no chapters: no spoken heading, and the book is short or reads as one piece'
	});

	const resumed = earlier?.titles && same ? { titles: earlier.titles, notes: earlier.notes } : null;
	const named = await nameTopicChapters(ctx, { bookId: book.id, language, rows, segments, earlier: resumed }, writeTitle, (progress) => checkpoint({ ...base, ...progress }));
	if (!named) {
		await checkpoint({ chapters: 0, source: 'admin', kept: true });
		await ctx.emit('log', { level: 'info', message: 'an admin set the chapters meanwhile; they are kept' });
		return;
	}
	for (const r of named.slice(0, LOGGED_CHAPTERS)) await ctx.emit('log', { level: 'info', message: `chapter at ${clock(r.startMs)}: ${r.title}` });
}
