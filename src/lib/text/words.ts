/**
 * Words for full-text search in languages written without spaces between words (Thai). Neither
 * SQLite's unicode61 tokenizer nor InnoDB's parser can find Thai word boundaries, so the text is
 * segmented here with ICU's word segmenter (Intl.Segmenter) and the words are joined by a zero-width
 * space, which both engines treat as a separator and browsers do not show (Thai writers use it for
 * the same purpose). Search terms are segmented the same way, so both sides agree on the words.
 */
const THAI = /\p{Script=Thai}/u;
const ZERO_WIDTH_SPACE = '\u200b';
const segmenter = new Intl.Segmenter('th', { granularity: 'word' });

/** The text as it is indexed: unchanged unless it holds Thai, whose words are then separated. */
export function indexableText(text: string): string {
	if (!THAI.test(text)) return text;
	let out = '';
	let previousWord = false;
	for (const part of segmenter.segment(text)) {
		if (part.isWordLike && previousWord) out += ZERO_WIDTH_SPACE;
		out += part.segment;
		previousWord = !!part.isWordLike;
	}
	return out;
}

/**
 * A query folded for search: compatibility forms (full-width letters, ligatures) become plain ones,
 * except Thai SARA AM, which NFKC splits into two characters; after that the word segmenter no longer
 * finds the word ("ทำงาน"), and the index holds the text as written.
 */
export function foldQuery(text: string): string {
	return text.normalize('NFKC').replace(/\u0e4d\u0e32/g, '\u0e33');
}

/** Words of a text in any language (a Thai phrase is several words, not one). */
export function countWords(text: string): number {
	let n = 0;
	for (const part of segmenter.segment(text)) if (part.isWordLike) n++;
	return n;
}

/** A search term split into the words the index holds (a Thai phrase typed without spaces is several). */
export function termWords(term: string): string[] {
	if (!THAI.test(term)) return [term];
	return [...segmenter.segment(term)].filter((p) => p.isWordLike).map((p) => p.segment);
}
