/**
 * Titles for the chapters found by topic: the sidecar's language model names each from its own
 * words (`/v1/chapter-title`, which checks every title it gives), one chapter at a time, each stored
 * as it comes, with an excerpt of the chapters before and after it (a title must fit its own chapter
 * better than those). A chapter whose title failed its checks, or whose model failed, keeps its number and
 * the reason becomes a note for the admin; only an unreachable sidecar stops the step (it is retried
 * from the first chapter not yet named). Null when an admin set the chapters meanwhile: theirs stand.
 */
import { setDetectedTitle, type ChapterRow } from '../chapters';
import { MAX_TITLE_LENGTH } from '../chapters/schemas';
import type { StepContext } from './handlers';
import type { Segment } from './outputs.repository';
import { StepError } from './sidecar';

export interface TitleRequest {
	text: string;
	language: string;
	index: number;
	taken: string[];
	/** What the previous and the next chapter say (an excerpt of each, where there is one): the title must fit its own chapter better. */
	neighbours: string[];
	generation: number;
}

/** The most of a neighbouring chapter's text one request carries; the sidecar refuses more. */
export const NEIGHBOUR_CHARS = 12_000;
const EXCERPT_PIECES = 8;

export interface TitleAnswer {
	title: string;
	problems: Array<{ code: string; message: string }>;
}

/** Asks the model for one chapter's title; throws StepError (transient when the sidecar could not be reached). */
export type WriteTitle = (request: TitleRequest) => Promise<TitleAnswer>;

export interface TitleNote {
	code: string;
	message: string;
}

export interface TitleProgress {
	titles: { done: number; named: number; of: number };
	notes: TitleNote[];
}

/** What is said in the chapter: the transcript's segments from its start to the next chapter's. */
export function chapterText(segments: readonly Segment[], startMs: number, endMs: number): string {
	return segments
		.filter((s) => s.start * 1000 >= startMs - 500 && s.start * 1000 < endMs - 500)
		.map((s) => s.text.trim())
		.filter(Boolean)
		.join(' ');
}

/**
 * `text` whole when it fits in `max` characters, else even pieces from its start to its end joined
 * by " … ", whole words only: a two-hour neighbour is judged by all of it, in a request of bounded size.
 */
export function excerpt(text: string, max = NEIGHBOUR_CHARS): string {
	if (text.length <= max) return text;
	const size = Math.floor((max - (EXCERPT_PIECES - 1) * 3) / EXCERPT_PIECES);
	const step = (text.length - size) / (EXCERPT_PIECES - 1);
	const pieces: string[] = [];
	for (let k = 0; k < EXCERPT_PIECES; k++) {
		const from = Math.round(k * step);
		let piece = text.slice(from, from + size);
		if (from > 0 && !/\s/.test(text[from - 1]!)) piece = piece.replace(/^\S*\s*/, '');
		if (from + size < text.length && !/\s/.test(text[from + size]!)) piece = piece.replace(/\s*\S*$/, '');
		if (piece.trim()) pieces.push(piece.trim());
	}
	return pieces.join(' … ');
}

/** The excerpts of the chapters before and after chapter i that have words (any source: a heading's chapter is a neighbour too). */
export function neighbourTexts(segments: readonly Segment[], rows: readonly Pick<ChapterRow, 'startMs'>[], i: number): string[] {
	return [i - 1, i + 1]
		.filter((j) => j >= 0 && j < rows.length)
		.map((j) => excerpt(textOfChapter(segments, rows, j)))
		.filter(Boolean);
}

/** What is said in chapter i of the list: up to the next chapter's start, or to the end. */
function textOfChapter(segments: readonly Segment[], rows: readonly Pick<ChapterRow, 'startMs'>[], i: number): string {
	return chapterText(segments, rows[i]!.startMs, rows[i + 1]?.startMs ?? Number.MAX_SAFE_INTEGER);
}

/** A title the sidecar gave, checked once more at the app's edge: text the chapter editor would accept. */
function usable(title: unknown): title is string {
	return typeof title === 'string' && title.trim().length > 0 && title.length <= MAX_TITLE_LENGTH && !/[\p{Cc}]/u.test(title);
}

/** Problem codes that will be the same for every chapter: asking again for the next one is pointless. */
const FOR_EVERY_CHAPTER = new Set(['not_written']);

export async function nameTopicChapters(
	ctx: Pick<StepContext, 'db' | 'emit' | 'step'>,
	input: { bookId: string; language: string; rows: ChapterRow[]; segments: readonly Segment[]; earlier: { titles: TitleProgress['titles']; notes?: TitleNote[] } | null },
	writeTitle: WriteTitle,
	save: (progress: TitleProgress) => Promise<void>
): Promise<ChapterRow[] | null> {
	const rows = input.rows.map((r) => ({ ...r }));
	const topic = rows.flatMap((r, i) => (r.source === 'topic' ? [i] : []));
	if (topic.length === 0) return rows;
	const generation = Number(ctx.step.generation ?? 0);
	const progress: TitleProgress = input.earlier
		? { titles: { ...input.earlier.titles }, notes: [...(input.earlier.notes ?? [])] }
		: { titles: { done: 0, named: 0, of: topic.length }, notes: [] };
	const note = async (code: string, message: string) => {
		progress.notes.push({ code, message });
		await ctx.emit('log', { level: 'warn', message });
	};
	/** Names one chapter; false when asking again for the next chapters is pointless (the same failure awaits them). */
	const nameOne = async (k: number): Promise<boolean | 'admin'> => {
		const i = topic[k]!;
		const row = rows[i]!;
		const at = `chapter ${i + 1} (${clock(row.startMs)})`;
		const text = textOfChapter(input.segments, rows, i);
		if (!text) {
			await note('no_speech', `${at} keeps its number: nothing was said in it`);
			return true;
		}
		let answer: TitleAnswer;
		try {
			const neighbours = neighbourTexts(input.segments, rows, i);
			answer = await writeTitle({ text, language: input.language, index: i, taken: rows.filter((_, j) => j !== i).map((r) => r.title), neighbours, generation });
		} catch (e) {
			// Unreachable, timed out, shutting down: the pipeline's retry and backoff, from this chapter on.
			if (!(e instanceof StepError) || e.transient) throw e;
			await note('model_error', `the model could not write titles (${e.message}): the chapters from ${at} on keep their numbers`);
			return false;
		}
		const title = answer.title.trim();
		if (usable(title) && answer.problems.length === 0) {
			if (!(await setDetectedTitle(ctx.db, input.bookId, { position: i, startMs: row.startMs, title }))) return 'admin';
			row.title = title;
			progress.titles.named++;
			await ctx.emit('log', { level: 'info', message: `title ${k + 1}/${topic.length}, ${at}: ${title}` });
			return true;
		}
		const why = answer.problems[0];
		if (why && FOR_EVERY_CHAPTER.has(why.code)) {
			await note(why.code, why.message);
			return false;
		}
		const reasons = answer.problems.map((p) => p.message).join('; ') || 'the model gave no usable title';
		await note(why?.code ?? 'no_title', `${at} keeps its number "${row.title}": ${reasons}`);
		return true;
	};

	for (let k = progress.titles.done; k < topic.length; k++) {
		const goOn = await nameOne(k);
		if (goOn === 'admin') return null;
		progress.titles.done = goOn ? k + 1 : topic.length;
		await save(progress);
		await ctx.emit('progress', { titled: progress.titles.done, of: topic.length });
		if (!goOn) break;
	}
	return rows;
}

/** A time in the book as h:mm:ss, for logs. */
export function clock(ms: number): string {
	const s = Math.floor(ms / 1000);
	return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
