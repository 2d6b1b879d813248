/**
 * Titles for chapters without a spoken name, as first stored. A topic chapter is numbered
 * ("Chapter 2") until the language model names it (pipeline/chapter-titles.ts), and keeps the
 * number when the model's title fails its checks: a number is never wrong, a junk title is (key-word
 * titles were tried on the eval's recordings and gave names like "Second, every"). What is read
 * before the first spoken heading (the credits, a foreword) is the introduction.
 */
import type { FoundChapter } from './boundaries';

export function numberedTitle(n: number, language: string): string {
	return language === 'th' ? `บทที่ ${n}` : `Chapter ${n}`;
}

/** Every chapter's title: the heading's words, the introduction before the first heading, else its number. */
export function titleChapters(found: FoundChapter[], language: string): string[] {
	return found.map((c, i) => {
		if (c.title) return c.title;
		if (c.source === 'heading' && i === 0) return language === 'th' ? 'บทนำ' : 'Introduction';
		return numberedTitle(i + 1, language);
	});
}
