/**
 * Short titles for chapters found by a change of topic: the chapter's two most characteristic words
 * ("Chapter 2: Harbour, lighthouse"), when they are clearly its own — said several times in it and
 * seldom elsewhere. Anything less certain keeps the plain "Chapter N": a number is never wrong, a
 * junk title is.
 */
import { contentWords, type FoundChapter, type TimedText } from './boundaries';

/** A key word must be said at least this often in its chapter … */
const MIN_COUNT = 3;
/** … and this many times more often there (per word) than in the rest of the book. */
const MIN_LIFT = 3;
const MIN_LETTERS = 4;

export function keyWords(chapterText: string, restText: string, count = 2): string[] {
	const mine = tally(contentWords(chapterText));
	const rest = tally(contentWords(restText));
	const mineTotal = Math.max(1, [...mine.values()].reduce((a, b) => a + b, 0));
	const restTotal = Math.max(1, [...rest.values()].reduce((a, b) => a + b, 0));
	return [...mine]
		.filter(([w, n]) => n >= MIN_COUNT && [...w].length >= MIN_LETTERS && /^[\p{L}\p{M}]+$/u.test(w))
		.map(([w, n]) => ({ w, n, lift: n / mineTotal / ((rest.get(w) ?? 0) / restTotal + 1 / restTotal) }))
		.filter((k) => k.lift >= MIN_LIFT)
		.sort((a, b) => b.n * Math.log(b.lift) - a.n * Math.log(a.lift) || a.w.localeCompare(b.w))
		.slice(0, count)
		.map((k) => k.w);
}

function tally(words: string[]): Map<string, number> {
	const m = new Map<string, number>();
	for (const w of words) m.set(w, (m.get(w) ?? 0) + 1);
	return m;
}

/** "Chapter 2: Harbour, lighthouse" when two key words stand out, else "Chapter 2" (in the book's language). */
export function topicTitle(n: number, words: string[], language: string): string {
	const base = language === 'th' ? `บทที่ ${n}` : `Chapter ${n}`;
	if (words.length < 2) return base;
	const [first, second] = words as [string, string];
	const named = language === 'th' ? `${first} ${second}` : `${first.charAt(0).toUpperCase()}${first.slice(1)}, ${second}`;
	return `${base}: ${named}`;
}

/** Every chapter's title: the heading's words, else key words of a topic chapter, else its number. */
export function titleChapters(found: FoundChapter[], segments: TimedText[], language: string): string[] {
	const texts = found.map((c, i) => {
		const end = found[i + 1]?.startMs ?? Infinity;
		return segments
			.filter((s) => s.start * 1000 >= c.startMs && s.start * 1000 < end)
			.map((s) => s.text)
			.join(' ');
	});
	return found.map((c, i) => {
		if (c.title) return c.title;
		// What is read before the first spoken heading: the credits, a foreword.
		if (c.source === 'heading' && i === 0) return language === 'th' ? 'บทนำ' : 'Introduction';
		if (c.source !== 'topic') return topicTitle(i + 1, [], language);
		const rest = texts.filter((_, k) => k !== i).join(' ');
		return topicTitle(i + 1, keyWords(texts[i]!, rest), language);
	});
}
