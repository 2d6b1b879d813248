/**
 * Finding words in transcript passages and showing where they are: one implementation for the
 * server's library search (which asks the full-text index for candidate passages first) and the
 * browser's offline search over downloaded transcripts, so both agree on what matches and on the
 * snippet. Words come from ICU's segmenter (Thai has no spaces between words), as in the index.
 */
import { foldQuery, termWords } from './words';

const THAI = /\p{Script=Thai}/u;
const ZERO_WIDTH_SPACE = /\u200b/g;
const segmenter = new Intl.Segmenter('th', { granularity: 'word' });

/** At most this many words of a query are searched (the catalog search keeps the same limit). */
export const MAX_QUERY_WORDS = 8;


/**
 * A word as it is compared: lower-case, and without accents outside Thai (the index folds "café" to
 * "cafe" too). Thai vowels and tone marks are combining marks that change the word, so they stay.
 */
export function foldWord(word: string): string {
	const lower = foldQuery(word).toLowerCase();
	return THAI.test(lower) ? lower : lower.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
}

/** The words of a search box, folded, each once, at most MAX_QUERY_WORDS; a Thai phrase is several words. */
export function queryWords(q: string): string[] {
	const runs = foldQuery(q).toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
	const words = runs.flatMap(termWords).map((w) => foldWord(w).slice(0, 64)).filter(Boolean);
	return [...new Set(words)].slice(0, MAX_QUERY_WORDS);
}

/** The words of a query in order with repeats, for phrase matching ("the cat and the hat"). */
function phraseWords(q: string): string[] {
	const runs = foldQuery(q).toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
	return runs.flatMap(termWords).map(foldWord).filter(Boolean);
}

interface WordToken {
	start: number;
	end: number;
	folded: string;
}

/** Text as shown: the index separates Thai words with zero-width spaces, which are no part of the words. */
export function displayText(text: string): string {
	return text.replace(ZERO_WIDTH_SPACE, '');
}

function wordTokens(text: string): WordToken[] {
	const tokens: WordToken[] = [];
	for (const part of segmenter.segment(text)) {
		if (part.isWordLike) tokens.push({ start: part.index, end: part.index + part.segment.length, folded: foldWord(part.segment) });
	}
	return tokens;
}

export interface PassageMatch {
	/** The query's words appear together, in order, as typed. */
	phrase: boolean;
	/** What to highlight: [start, end) offsets into displayText(text), in order, not overlapping. */
	ranges: [number, number][];
}

/**
 * Whether a passage has every word of the query (each as the start of a word, as the index matches
 * them), and what to highlight: the whole phrase where it occurs, else each matching word.
 */
export function matchPassage(text: string, query: string): PassageMatch | null {
	const words = queryWords(query);
	if (!words.length) return null;
	const shown = displayText(text);
	const tokens = wordTokens(shown);
	const hits = tokens.filter((t) => words.some((w) => t.folded.startsWith(w)));
	if (!words.every((w) => hits.some((t) => t.folded.startsWith(w)))) return null;

	const phrase = phraseWords(query);
	const phraseRanges: [number, number][] = [];
	for (let i = 0; i + phrase.length <= tokens.length; i++) {
		// Earlier words whole, the last one as typed so far (a prefix), like the index.
		const fits = phrase.every((w, k) => (k === phrase.length - 1 ? tokens[i + k]!.folded.startsWith(w) : tokens[i + k]!.folded === w));
		if (fits) {
			phraseRanges.push([tokens[i]!.start, tokens[i + phrase.length - 1]!.end]);
			i += phrase.length - 1;
		}
	}
	if (phraseRanges.length) return { phrase: true, ranges: phraseRanges };
	return { phrase: false, ranges: hits.map((t) => [t.start, t.end]) };
}

export interface SnippetPart {
	text: string;
	/** Part of the match: shown highlighted (as text, never as markup). */
	hit: boolean;
}

/** Characters of passage shown around the first highlight. */
export const SNIPPET_CHARS = 160;
const CONTEXT_BEFORE = 40;

/**
 * The passage cut to about `maxChars` around its first highlight, as plain-text parts: the page
 * renders each part as text (a <mark> for hits), so nothing in a transcript is ever read as HTML.
 */
export function snippetParts(text: string, ranges: [number, number][], maxChars = SNIPPET_CHARS): SnippetPart[] {
	const shown = displayText(text);
	let from = 0;
	let to = shown.length;
	if (shown.length > maxChars) {
		const first = ranges[0]?.[0] ?? 0;
		from = Math.max(0, Math.min(first - CONTEXT_BEFORE, shown.length - maxChars));
		to = Math.min(shown.length, from + maxChars);
		// Start and end at a word boundary where one is near, not in the middle of a word.
		if (from > 0) {
			const space = shown.indexOf(' ', from);
			if (space !== -1 && space < first && space - from < 20) from = space + 1;
		}
		if (to < shown.length) {
			const space = shown.lastIndexOf(' ', to);
			const lastHitEnd = ranges.filter(([s]) => s < to).at(-1)?.[1] ?? from;
			if (space > lastHitEnd && to - space < 20) to = space;
		}
	}
	const parts: SnippetPart[] = [];
	const push = (t: string, hit: boolean) => {
		if (!t) return;
		const last = parts.at(-1);
		if (last && last.hit === hit) last.text += t;
		else parts.push({ text: t, hit });
	};
	if (from > 0) push('…', false);
	let at = from;
	for (const [s, e] of ranges) {
		const start = Math.max(s, from);
		const end = Math.min(e, to);
		if (end <= start) continue;
		push(shown.slice(at, start), false);
		push(shown.slice(start, end), true);
		at = end;
	}
	push(shown.slice(at, to).trimEnd(), false);
	if (to < shown.length) push('…', false);
	return parts;
}

export interface TimedPassage {
	startMs: number;
	text: string;
}

export interface PassageHit {
	/** Index of the passage in the list searched. */
	index: number;
	atMs: number;
	phrase: boolean;
	snippet: SnippetPart[];
}

/** Every passage that matches, phrase matches first, each group in the order of the recording. */
export function searchPassages(passages: readonly TimedPassage[], query: string): PassageHit[] {
	const hits: PassageHit[] = [];
	passages.forEach((p, index) => {
		const match = matchPassage(p.text, query);
		if (match) hits.push({ index, atMs: p.startMs, phrase: match.phrase, snippet: snippetParts(p.text, match.ranges) });
	});
	return hits.sort((a, b) => Number(b.phrase) - Number(a.phrase) || a.index - b.index);
}
