import { describe, expect, it } from 'vitest';
import { charErrors, editDistance, normalizeChars, rate, sumCounts, wordErrors } from './metrics';

describe('transcription metrics', () => {
	it.each([
		['identical after case and punctuation', 'The fog came in, slowly.', 'the fog came in slowly', 0, 5],
		['one substitution', 'the fog came in', 'the dog came in', 1, 4],
		['a deletion and an insertion', 'the fog came in', 'fog came in today', 2, 4]
	])('counts word errors: %s', (_, ref, hyp, errors, units) => {
		expect(wordErrors(ref, hyp)).toEqual({ errors, units });
	});

	it('keeps Thai vowel and tone marks and drops spaces and punctuation', () => {
		expect(normalizeChars('ที่ บ้าน, นะ!').join('')).toBe('ที่บ้านนะ');
		expect(charErrors('บ้านหลังเก่า', 'บ้าน หลัง เก่า')).toEqual({ errors: 0, units: 12 });
		// A wrong tone mark is one error in twelve.
		expect(charErrors('บ้านหลังเก่า', 'บ้านหลังเก้า')).toEqual({ errors: 1, units: 12 });
	});

	it('pools counts so long items weigh by their length', () => {
		expect(rate(sumCounts([{ errors: 1, units: 10 }, { errors: 9, units: 90 }]))).toBeCloseTo(0.1);
		expect(editDistance([...'kitten'], [...'sitting'])).toBe(3);
	});
});
