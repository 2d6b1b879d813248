import { describe, expect, it } from 'vitest';
import { openingPhrase, recall, sentencesOf } from './search-recall';

describe('search recall helpers', () => {
	it('splits English into sentences and Thai at its spaces', () => {
		expect(sentencesOf('The ferry left. She said "stop." Then quiet.', 'en')).toEqual(['The ferry left.', 'She said "stop."', 'Then quiet.']);
		expect(sentencesOf('หลังงานศพของพ่อ บ้านไม้หลังเก่าริมคลองเงียบกว่าที่เคย', 'th')).toEqual(['หลังงานศพของพ่อ', 'บ้านไม้หลังเก่าริมคลองเงียบกว่าที่เคย']);
	});

	it('takes the first three words, Thai joined as typed', () => {
		expect(openingPhrase('By the time Marnie got back,', 'en')).toBe('By the time');
		expect(openingPhrase('Then quiet.', 'en')).toBeNull();
		expect(openingPhrase('บ้านไม้หลังเก่าริมคลอง', 'th')).toBe('บ้านไม้หลัง');
	});

	it('counts a phrase only when a result starts within two seconds of it', () => {
		expect(
			recall([
				{ phrase: 'a', trueMs: 10_000, foundMs: [11_900] },
				{ phrase: 'b', trueMs: 10_000, foundMs: [7_000] },
				{ phrase: 'c', trueMs: 10_000, foundMs: [] }
			])
		).toEqual({ phrases: 3, foundAnywhere: 2, foundInTime: 1, recall: 1 / 3 });
	});
});
