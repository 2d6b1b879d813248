/**
 * The words of a book as the catalog's word index holds them (search_words, migration 0016), and the
 * search terms that index can answer. Both sides are folded the same way: lower case, compatibility
 * forms made plain, Latin accents removed (as SQLite's unicode61 tokenizer with remove_diacritics and
 * MySQL's accent-insensitive collation treat them), split on anything but letters and digits.
 *
 * Thai is left to the full-text indexes: its words have no spaces between them and its vowels and
 * tones are combining marks, which the full-text path already handles (text/words.ts). So is any term
 * with a combining mark left after folding (Devanagari, for one).
 */
import { foldQuery } from '../../text/words';

/** Longest word kept, as searchTerms cuts terms (catalog/browse.ts). */
export const MAX_WORD_CHARS = 64;

const THAI = /\p{Script=Thai}/u;
const PLAIN = /^[\p{L}\p{N}]+$/u;
/** Above every character, so [word, word + TOP) is every word that starts with it. */
export const TOP = '\u{10ffff}';

/** A text or term folded for the word index. */
export function foldWord(text: string): string {
	return foldQuery(text)
		.toLowerCase()
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.normalize('NFC');
}

function cut(word: string): string {
	const chars = [...word];
	return chars.length > MAX_WORD_CHARS ? chars.slice(0, MAX_WORD_CHARS).join('') : word;
}

/** The distinct words of these texts that the index holds (Thai ones are left to full-text search). */
export function searchWordsOf(...texts: Array<string | null | undefined>): string[] {
	const words = new Set<string>();
	for (const text of texts) {
		if (!text) continue;
		for (const word of foldWord(text).split(/[^\p{L}\p{N}]+/u)) {
			if (word && !THAI.test(word)) words.add(cut(word));
		}
	}
	return [...words];
}

/**
 * The terms folded for the word index, or null when one of them is not a plain word of it (Thai, or a
 * letter with a mark the fold keeps): the caller then searches the full-text indexes instead.
 */
export function plainTerms(terms: string[]): string[] | null {
	const folded = terms.map((t) => cut(foldWord(t)));
	return folded.every((t) => PLAIN.test(t) && !THAI.test(t)) ? [...new Set(folded)] : null;
}

/**
 * Bumped whenever this process adds a row to the word index, so the prefix expansions remembered by
 * browse.repository.ts are asked again at once here; other instances ask again within their TTL.
 */
let generation = 0;
export function noteNewWords(): void {
	generation++;
}
export function wordsGeneration(): number {
	return generation;
}
