import { describe, expect, it } from 'vitest';
import { parseTimestamp, rangeOfSegments, textInRange } from './marks-text';

const segments = [
	{ startMs: 0, endMs: 4_000, text: 'Chapter one.' },
	{ startMs: 4_000, endMs: 9_000, text: ' The ferry left at dawn. ' },
	{ startMs: 12_000, endMs: 20_000, text: 'ท่าเรือเงียบ' }
];

describe('textInRange', () => {
	it.each<[number, number, string]>([
		[0, 4_000, 'Chapter one.'],
		[3_000, 5_000, 'Chapter one. The ferry left at dawn.'],
		[9_500, 11_000, ''],
		[10_000, 30_000, 'ท่าเรือเงียบ'],
		[0, 30_000, 'Chapter one. The ferry left at dawn. ท่าเรือเงียบ']
	])('%i–%i ms', (start, end, text) => expect(textInRange(segments, start, end)).toBe(text));
});

describe('rangeOfSegments', () => {
	it('spans the selected segments whichever way the selection was made', () => {
		expect(rangeOfSegments(segments, 1, 2)).toEqual({ startMs: 4_000, endMs: 20_000 });
		expect(rangeOfSegments(segments, 2, 1)).toEqual({ startMs: 4_000, endMs: 20_000 });
		expect(rangeOfSegments(segments, 0, 0)).toEqual({ startMs: 0, endMs: 4_000 });
		expect(rangeOfSegments(segments, 0, 7)).toBeNull();
	});
});

describe('parseTimestamp', () => {
	it.each<[string, number | null]>([
		['0:05', 5_000],
		['2:03', 123_000],
		['1:02:03', 3_723_000],
		[' 75 ', 75_000],
		['1:02.5', 62_500],
		['1:60', null],
		['1.5:00', null],
		['-1:00', null],
		['', null],
		['1:2:3:4', null],
		['abc', null]
	])('%s', (text, ms) => expect(parseTimestamp(text)).toBe(ms));
});
