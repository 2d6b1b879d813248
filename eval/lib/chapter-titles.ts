/**
 * Titles for the chapters found without headings, as the chapters step asks the sidecar for them
 * (`/v1/chapter-title`, one chapter at a time, the others' titles and the neighbours' text given), and how good they are:
 * the share the sidecar's checks passed (the rest keep their numbers), and the share that name the
 * chapter's true subject with at least one of its content words, where the eval knows the subject.
 */
import type { FoundChapter } from '../../src/lib/server/chapters/boundaries';
import { titleChapters } from '../../src/lib/server/chapters/topic-titles';
import { chapterText, neighbourTexts } from '../../src/lib/server/pipeline/chapter-titles';
import { streamSidecar } from '../../src/lib/server/pipeline/sidecar';
import type { Segment } from './chapter-measure';

export interface TitleOutcome {
	startMs: number;
	title: string;
	/** The model's title passed every check (otherwise the chapter kept its number). */
	given: boolean;
	problems: string[];
	/** Every draw and what the sidecar's checks said of it ('title draw 1 "…": passed every check (fit …)'). */
	draws: string[];
	/** The true chapter's subject, when the eval knows it. */
	truth: string | null;
	sharesWord: boolean | null;
}

const STOP = new Set('the a an of and or in on at to for with from by into over about his her its their this that chapter part'.split(' '));
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Content words, lower case, a plural's s dropped: "The Keeper's Cottage" → keeper, cottage. */
export function contentWords(text: string): Set<string> {
	const out = new Set<string>();
	for (const s of segmenter.segment(text.toLowerCase().replace(/['’]s\b/g, ''))) {
		if (!s.isWordLike || STOP.has(s.segment) || /^\p{N}+$/u.test(s.segment)) continue;
		if (/^\p{Script=Latin}+$/u.test(s.segment) && s.segment.length < 3) continue;
		out.add(s.segment.length > 3 ? s.segment.replace(/s$/, '') : s.segment);
	}
	return out;
}

/**
 * Asks for a title for every chapter found by topic. `truth`: where each true chapter starts and
 * what it is about; a found chapter is judged against the true chapter its middle falls in.
 */
export async function titleRecording(
	sidecarUrl: string,
	found: FoundChapter[],
	segments: Segment[],
	opts: { language: string; durationMs: number; truth?: Array<{ startMs: number; topic: string }>; generation?: number; provider?: string }
): Promise<TitleOutcome[]> {
	const titles = titleChapters(found, opts.language);
	const outcomes: TitleOutcome[] = [];
	for (const [i, c] of found.entries()) {
		if (c.source !== 'topic') continue;
		const endMs = found[i + 1]?.startMs ?? opts.durationMs;
		const body = {
			text: chapterText(segments, c.startMs, endMs),
			language: opts.language,
			index: i,
			taken: titles.filter((_, j) => j !== i),
			neighbours: neighbourTexts(segments, found, i),
			generation: opts.generation ?? 0,
			provider: opts.provider ?? 'local'
		};
		let answer = { title: '', problems: [] as string[] };
		const draws: string[] = [];
		for await (const e of streamSidecar('/v1/chapter-title', body, { baseUrl: sidecarUrl, idleMs: 300_000, signal: new AbortController().signal })) {
			if (e.type === 'title') answer = { title: e.title, problems: e.problems.map((p) => p.message) };
			else if (e.type === 'log' && e.message.startsWith('title draw ')) draws.push(e.message);
		}
		if (answer.title) titles[i] = answer.title;
		const middle = (c.startMs + endMs) / 2;
		const truth = opts.truth ? ([...opts.truth].reverse().find((t) => t.startMs <= middle)?.topic ?? null) : null;
		const words = contentWords(titles[i]!);
		outcomes.push({
			startMs: c.startMs,
			title: titles[i]!,
			given: Boolean(answer.title),
			problems: answer.problems,
			draws,
			truth,
			sharesWord: truth === null ? null : [...contentWords(truth)].some((w) => words.has(w))
		});
	}
	return outcomes;
}

/** One line for a set of recordings: checks passed, and naming the true subject where it is known. */
export function titleScoreLine(outcomes: TitleOutcome[]): string {
	const given = outcomes.filter((o) => o.given).length;
	const judged = outcomes.filter((o) => o.sharesWord !== null);
	const shares = judged.filter((o) => o.sharesWord).length;
	const pct = (a: number, b: number) => (b ? `${Math.round((a / b) * 100)}%` : '—');
	return `chapter titles: ${given}/${outcomes.length} passed the checks (${pct(given, outcomes.length)}); ${shares}/${judged.length} share a content word with the true subject (${pct(shares, judged.length)})`;
}
