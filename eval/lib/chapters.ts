/**
 * How well the chapters step finds chapter boundaries. A boundary is a chapter start after the
 * opening (the book's start is not a boundary to find); a found one counts when it lies within the
 * tolerance of a true one, each true boundary matched at most once. Also: a long passage with its
 * spoken headings taken out, to measure what topic and pauses alone find.
 */
import type { Passage } from './passages';

export const BOUNDARY_TOLERANCE_MS = 2_000;

export interface BoundaryScore {
	truth: number;
	found: number;
	matched: number;
	precision: number;
	recall: number;
	f1: number;
}

/** Chapter starts in ms, in any order; starts within the tolerance of 0 are the opening and are left out. */
export function scoreBoundaries(foundStarts: number[], trueStarts: number[], toleranceMs = BOUNDARY_TOLERANCE_MS): BoundaryScore {
	const inner = (xs: number[]) => [...new Set(xs)].filter((x) => x > toleranceMs).sort((a, b) => a - b);
	const found = inner(foundStarts);
	const truth = inner(trueStarts);
	const used = new Set<number>();
	let matched = 0;
	for (const f of found) {
		let best = -1;
		for (const [i, t] of truth.entries()) {
			if (used.has(i) || Math.abs(t - f) > toleranceMs) continue;
			if (best < 0 || Math.abs(t - f) < Math.abs(truth[best]! - f)) best = i;
		}
		if (best >= 0) {
			used.add(best);
			matched++;
		}
	}
	const precision = found.length ? matched / found.length : truth.length ? 0 : 1;
	const recall = truth.length ? matched / truth.length : 1;
	const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
	return { truth: truth.length, found: found.length, matched, precision, recall, f1 };
}

/** Sums over books: micro-averaged, so a book with more chapters weighs more. */
export function totalScore(scores: BoundaryScore[]): BoundaryScore {
	const truth = scores.reduce((a, s) => a + s.truth, 0);
	const found = scores.reduce((a, s) => a + s.found, 0);
	const matched = scores.reduce((a, s) => a + s.matched, 0);
	const precision = found ? matched / found : truth ? 0 : 1;
	const recall = truth ? matched / truth : 1;
	return { truth, found, matched, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

const HEADING_WORDS = /^(chapter|part|บทที่|ตอนที่|ภาค)/i;

/** Whether every chapter of the passage is read with a heading ("Chapter One. …"). */
export function hasSpokenHeadings(p: Passage): boolean {
	return Boolean(p.chapters?.every((c) => HEADING_WORDS.test(c.text)));
}

/** The passage as it would be read without its headings ("Chapter One. The Fog." / "บทที่หนึ่ง ริมโขงยามเช้า"). */
export function withoutHeadings(p: Passage): Passage {
	if (!p.chapters) return p;
	const chapters = p.chapters.map((c) => {
		const at = c.text.indexOf(c.title);
		const heading = HEADING_WORDS.test(c.text) && at >= 0 && at < 40;
		return heading ? { ...c, text: c.text.slice(at + c.title.length).replace(/^[\s.:;,]+/, '') } : c;
	});
	return { ...p, id: `${p.id}-no-headings`, chapters, text: chapters.map((c) => c.text).join(' ') };
}

/**
 * The "topic mixes": recordings of three chapters without headings, each three short passages of one
 * category (in Thai, which has one passage a category, of three related ones). Their ids name the
 * first category of each chapter.
 */
export const TOPIC_MIXES: ReadonlyArray<{ language: 'en' | 'th'; chapters: string[][] }> = [
	{ language: 'en', chapters: [['science-fiction'], ['romance'], ['history']] },
	{ language: 'en', chapters: [['horror'], ['business-economics'], ['travel-nature']] },
	{
		language: 'th',
		chapters: [
			['history', 'historical-fiction', 'biography-memoir'],
			['health-wellness', 'self-development', 'science-technology'],
			['horror', 'mystery-thriller', 'true-crime']
		]
	}
];

/** One topic mix as a long passage, from the short passages in `all`. */
export function topicMix(all: readonly Passage[], language: 'en' | 'th', chapterCategories: string[][]): Passage {
	const chapters = chapterCategories.map((cs) => {
		const texts = all.filter((p) => !p.long && p.language === language && cs.includes(p.category)).slice(0, 3).map((p) => p.text);
		if (texts.length < 3) throw new Error(`too few ${language} passages in ${cs.join(', ')}`);
		return { title: cs.join(' '), text: texts.join(' ') };
	});
	const id = `mix-${language}-${chapterCategories.map((cs) => cs[0]).join('-')}`;
	return { id, language, category: chapterCategories[0]![0], also: [], long: true, text: chapters.map((c) => c.text).join(' '), chapters } as unknown as Passage;
}
