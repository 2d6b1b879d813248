import { describe, expect, it } from 'vitest';
import { foldWord, MAX_WORD_CHARS, plainTerms, searchWordsOf } from './search-words';

describe('searchWordsOf', () => {
	it('folds case, accents and compatibility forms, splits on anything but letters and digits, once each', () => {
		expect(searchWordsOf('Crème Brûlée', "O'Brien & the CRÈME of ＲＡＩＮ 2", null).sort()).toEqual(['2', 'brien', 'brulee', 'creme', 'o', 'of', 'rain', 'the'].sort());
	});
	it('leaves Thai words to full-text search and cuts a very long word', () => {
		expect(searchWordsOf('เรือประมง harbour')).toEqual(['harbour']);
		expect(searchWordsOf('x'.repeat(100))).toEqual(['x'.repeat(MAX_WORD_CHARS)]);
	});
});

describe('plainTerms', () => {
	it('folds terms as the words are folded', () => {
		expect(plainTerms(['CRÈME', 'brul'])).toEqual(['creme', 'brul']);
		expect(foldWord('Ｈａｒｂｏｕｒ')).toBe('harbour');
	});
	it('is null when a term is Thai or keeps a mark after folding', () => {
		expect(plainTerms(['harbour', 'เรือ'])).toBeNull();
		expect(plainTerms(['नमस्ते'])).toBeNull();
	});
});
