import { describe, expect, it } from 'vitest';
import { formatChapterTime, parseChapterTime } from './chapter-times';

describe('parseChapterTime', () => {
	it.each([
		['0:00', 0],
		['1:05', 65_000],
		['62:03', 3_723_000],
		['1:02:03', 3_723_000],
		['90', 90_000],
		['90.25', 90_250],
		['1:02:03.5', 3_723_500],
		[' 2:00 ', 120_000]
	])('%s is %i ms', (text, ms) => expect(parseChapterTime(text)).toBe(ms));

	it.each(['', 'abc', '1:60', '1:75:00', '-5', '1:2', '1::00'])('refuses %j', (text) => expect(parseChapterTime(text)).toBeNull());
});

describe('formatChapterTime', () => {
	it.each([
		[0, '0:00'],
		[65_000, '1:05'],
		[3_723_000, '1:02:03'],
		[3_723_500, '1:02:03.500']
	])('%i ms is %s and reads back', (ms, text) => {
		expect(formatChapterTime(ms)).toBe(text);
		expect(parseChapterTime(text)).toBe(ms);
	});
});
