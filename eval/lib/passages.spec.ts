import { describe, expect, it } from 'vitest';
import { CATEGORY_SLUGS, loadPassages, selectPassages } from './passages';

const all = loadPassages();
const short = all.filter((p) => !p.long);
const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
/** Thai words by the platform's dictionary segmenter (Thai has no spaces between words). */
const thaiWords = (t: string) => [...new Intl.Segmenter('th', { granularity: 'word' }).segment(t)].filter((s) => s.isWordLike).length;

describe('the evaluation passages', () => {
	it.each(CATEGORY_SLUGS)('%s has at least five English passages and one Thai', (slug) => {
		expect(short.filter((p) => p.language === 'en' && p.category === slug).length).toBeGreaterThanOrEqual(5);
		expect(short.filter((p) => p.language === 'th' && p.category === slug).length).toBeGreaterThanOrEqual(1);
	});

	it('keeps short passages near twenty seconds of speech', () => {
		const outside = short.filter((p) => {
			const n = p.language === 'en' ? words(p.text) : thaiWords(p.text);
			return p.language === 'en' ? n < 50 || n > 75 : n < 30 || n > 65;
		});
		expect(outside.map((p) => p.id)).toEqual([]);
	});

	it('has long items of about five minutes in two to four chapters', () => {
		const long = all.filter((p) => p.long);
		const english = long.filter((p) => p.language === 'en');
		expect(english.length).toBeGreaterThanOrEqual(3);
		expect(long.filter((p) => p.language === 'th').length).toBeGreaterThanOrEqual(1);
		for (const p of english) expect(words(p.text)).toBeGreaterThanOrEqual(700);
	});

	it('never names a category outright', () => {
		const names = /\b(science fiction|historical fiction|literary classics?|true crime|young adult|language learning|self-development|mystery|thriller|horror stor(y|ies)|romance novel|memoir|biography)\b/i;
		expect(all.filter((p) => names.test(p.text)).map((p) => p.id)).toEqual([]);
	});

	it('orders a small run across languages and categories, long items last', () => {
		expect(selectPassages(all, { limit: 3 }).map((p) => p.id)).toEqual(['en-fiction-1', 'th-fiction-1', 'en-mystery-thriller-1']);
		expect(selectPassages(all).at(-1)!.long).toBe(true);
		expect(selectPassages(all, { only: 'th' }).every((p) => p.language === 'th' && !p.long)).toBe(true);
	});
});
