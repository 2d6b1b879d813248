/**
 * Where a book's chapters begin, from its timed transcript. Spoken headings win: when the narrator
 * says "Chapter two", that is where chapter two begins. Without headings, a chapter begins where the
 * narrator pauses for a second or more, or where the words used change far more than usual (lexical
 * cohesion of 150-word windows either side, as TextTiling does); the clearest such places win, never
 * closer than a twentieth of the book (30 s at least). Pure: the pipeline step stores what this returns.
 */
import { findHeading, headingTitle, type SpokenHeading } from './headings';

export interface TimedText {
	/** Seconds from the start of the recording (the transcript's segments). */
	start: number;
	end: number;
	text: string;
}

export interface FoundChapter {
	startMs: number;
	/** The heading's words, or null for a topic chapter (the step names it). */
	title: string | null;
	source: 'heading' | 'topic';
}

export interface FindOptions {
	durationMs: number;
	language: string;
}

/** A book shorter than this with no spoken heading is one piece: no chapters. */
export const MIN_BOOK_MS = 120_000;
/** A heading this close to the start begins the book (the title and author are read before it). */
const OPENING_MS = 30_000;
/** Two headings closer than this are one (a heading repeated, or "Part One. Chapter One."). */
const HEADING_SPACING_MS = 15_000;
/** No chapter is shorter than this, whatever the book's length. */
const MIN_CHAPTER_MS = 30_000;
/** Words compared either side of a candidate boundary. */
const WINDOW_WORDS = 150;

export function findChapters(segments: TimedText[], o: FindOptions): FoundChapter[] {
	const spoken = segments.filter((s) => s.text.trim());
	const headings = headingChapters(spoken, o);
	if (headings.length) return headings;
	if (o.durationMs < MIN_BOOK_MS || garbled(spoken)) return [];
	return topicChapters(spoken, o);
}

interface NumberedHeading extends FoundChapter {
	kind: SpokenHeading['kind'];
	number: number;
}

/** A character said 8 times running, or a short run of text 5 times: what speech recognition writes for noise. */
const REPEATS = /(.)\1{7,}|(.{2,12}?)\2{4,}/u;
/** When this share of the transcript is such noise, its pauses and words say nothing about chapters. */
const GARBLED_SHARE = 0.2;

export function garbled(segments: TimedText[]): boolean {
	const noisy = segments.filter((s) => REPEATS.test(s.text)).length;
	return segments.length > 0 && noisy / segments.length >= GARBLED_SHARE;
}

function headingChapters(segments: TimedText[], o: FindOptions): FoundChapter[] {
	const found: NumberedHeading[] = [];
	for (const s of segments) {
		const h = findHeading(s.text);
		if (!h) continue;
		const share = s.text.length ? h.offset / s.text.length : 0;
		const startMs = Math.round((s.start + (s.end - s.start) * share) * 1000);
		const last = found.at(-1);
		if (last && startMs - last.startMs < HEADING_SPACING_MS) continue;
		found.push({ startMs, title: headingTitle(h, o.language), source: 'heading', kind: h.kind, number: h.number });
	}
	if (!found.length) return [];
	const chapters: FoundChapter[] = withLostHeadings(found, segments, o).map(({ startMs, title, source }) => ({ startMs, title, source }));
	if (chapters[0]!.startMs <= OPENING_MS) chapters[0]!.startMs = 0;
	else {
		// What comes before the first heading is a chapter of its own: chapter one when the first heard is two
		// (its heading was lost), else a foreword or the credits, which the step names.
		const first = found[0]!;
		const title = first.number === 2 ? headingTitle({ kind: first.kind, number: 1, name: null, offset: 0 }, o.language) : null;
		chapters.unshift({ startMs: 0, title, source: 'heading' });
	}
	return chapters;
}

/** A pause at least this long can hold a heading the transcript lost. */
const LOST_HEADING_PAUSE_SECONDS = 1;

/**
 * Speech recognition sometimes drops a short heading said after a pause ("Chapter One" … "Chapter
 * Three": two was spoken too). Each missing number goes at the longest pause between its neighbours,
 * in the middle of it (the lost words were said somewhere in that silence of the transcript).
 */
function withLostHeadings(found: NumberedHeading[], segments: TimedText[], o: FindOptions): NumberedHeading[] {
	const out: NumberedHeading[] = [];
	for (const [i, h] of found.entries()) {
		const prev = found[i - 1];
		const missing = prev && prev.kind === h.kind ? h.number - prev.number - 1 : 0;
		if (prev && missing >= 1 && missing <= 3) {
			const pauses = [];
			for (let k = 1; k < segments.length; k++) {
				const from = segments[k - 1]!.end * 1000;
				const to = segments[k]!.start * 1000;
				if (from - prev.startMs < MIN_CHAPTER_MS || h.startMs - to < MIN_CHAPTER_MS) continue;
				if (to - from >= LOST_HEADING_PAUSE_SECONDS * 1000) pauses.push({ at: Math.round((from + to) / 2), length: to - from });
			}
			const chosen = pauses.sort((a, b) => b.length - a.length).slice(0, missing).sort((a, b) => a.at - b.at);
			// Only when every missing one has a place: otherwise the numbering is simply not a sequence.
			if (chosen.length === missing) {
				for (const [n, p] of chosen.entries()) {
					const number = prev.number + n + 1;
					out.push({ startMs: p.at, title: headingTitle({ kind: h.kind, number, name: null, offset: 0 }, o.language), source: 'heading', kind: h.kind, number });
				}
			}
		}
		out.push(h);
	}
	return out;
}

const STOP_WORDS = new Set(
	'the and that with from this have were they their them then there what when where which while will would could should about after again also been before being into just more most much only other over some such than these those through very your you she her his him its our out said says was are for not but had has one two all any can did does how who why off too upon'.split(' ')
);

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Content words of a text, lowercased; Thai is split into words by ICU like every other script. */
export function contentWords(text: string): string[] {
	const words: string[] = [];
	for (const part of wordSegmenter.segment(text.toLowerCase())) {
		if (!part.isWordLike) continue;
		const w = part.segment;
		if (/^\p{Script=Thai}+$/u.test(w) ? w.length < 2 : w.length < 3 || STOP_WORDS.has(w)) continue;
		words.push(w);
	}
	return words;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
	let dot = 0;
	let na = 0;
	let nb = 0;
	for (const [w, x] of a) {
		na += x * x;
		dot += x * (b.get(w) ?? 0);
	}
	for (const x of b.values()) nb += x * x;
	return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** The words of up to WINDOW_WORDS going from segment `from` by `step`; `full` when there were that many. */
function bag(words: string[][], from: number, to: number, step: 1 | -1): { counts: Map<string, number>; full: boolean } {
	const counts = new Map<string, number>();
	let n = 0;
	for (let i = from; step > 0 ? i < to : i >= to; i += step) {
		for (const w of words[i]!) counts.set(w, (counts.get(w) ?? 0) + 1);
		n += words[i]!.length;
		if (n >= WINDOW_WORDS) return { counts, full: true };
	}
	return { counts, full: false };
}

export interface GapScore {
	/** The gap before segment `index`. */
	index: number;
	/** 1 − cosine of the word counts either side; null near the ends, where a window is short and any two differ. */
	dissimilarity: number | null;
	pauseSeconds: number;
}

/** For each gap before segment i (i ≥ 1): how unlike the words either side are, and how long the pause is. */
export function gapScores(segments: TimedText[]): GapScore[] {
	const words = segments.map((s) => contentWords(s.text));
	const scores: GapScore[] = [];
	for (let i = 1; i < segments.length; i++) {
		const before = bag(words, i - 1, 0, -1);
		const after = bag(words, i, segments.length, 1);
		scores.push({
			index: i,
			dissimilarity: before.full && after.full ? 1 - cosine(before.counts, after.counts) : null,
			pauseSeconds: Math.max(0, segments[i]!.start - segments[i - 1]!.end)
		});
	}
	return scores;
}

/**
 * A place begins a chapter when its pause (seconds, counted up to PAUSE_CAP) plus half its lexical
 * change (standard deviations above the book's typical gap, when clearly above it) reaches this: a
 * pause of a second or more, or a change of wording far beyond the usual.
 */
const TOPIC_THRESHOLD = 1;
const PAUSE_CAP_SECONDS = 3;
/** A change of wording this small (absolute) is noise, however many deviations it is in an even text. */
const MIN_DISSIMILARITY_LIFT = 0.1;

/** What each gap scores towards beginning a chapter. */
export function boundaryScores(gaps: GapScore[]): number[] {
	const known = gaps.map((g) => g.dissimilarity).filter((d): d is number => d !== null);
	const mean = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
	const sd = known.length ? Math.sqrt(known.reduce((a, b) => a + (b - mean) ** 2, 0) / known.length) : 0;
	return gaps.map((g) => {
		const lift = g.dissimilarity === null ? 0 : g.dissimilarity - mean;
		const lexical = lift >= MIN_DISSIMILARITY_LIFT && sd > 0 ? lift / sd : 0;
		return Math.min(g.pauseSeconds, PAUSE_CAP_SECONDS) + lexical / 2;
	});
}

function topicChapters(segments: TimedText[], o: FindOptions): FoundChapter[] {
	if (segments.length < 4) return [];
	const minChapterMs = Math.max(MIN_CHAPTER_MS, o.durationMs / 20);
	const gaps = gapScores(segments);
	const scores = boundaryScores(gaps);
	const ranked = gaps
		.map((g, k) => ({ startMs: Math.round(segments[g.index]!.start * 1000), score: scores[k]! }))
		.filter((c) => c.score >= TOPIC_THRESHOLD)
		.sort((a, b) => b.score - a.score);
	const starts: number[] = [0];
	for (const c of ranked) {
		if (c.startMs < minChapterMs || o.durationMs - c.startMs < minChapterMs) continue;
		if (starts.some((s) => Math.abs(s - c.startMs) < minChapterMs)) continue;
		starts.push(c.startMs);
	}
	if (starts.length < 2) return [];
	return starts.sort((a, b) => a - b).map((startMs) => ({ startMs, title: null, source: 'topic' as const }));
}
