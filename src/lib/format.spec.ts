import { describe, expect, it } from 'vitest';
import { formatDuration, formatTimestamp } from './format';

describe('formatDuration', () => {
	it.each([
		[30_000, '30 s'],
		[59_400, '59 s'],
		[60_000, '1 min'],
		[90_000, '1 min 30 s'],
		[599_000, '9 min 59 s'],
		[2_700_000, '45 min'],
		[3_600_000, '1 h'],
		[7_380_000, '2 h 3 min']
	])('%d ms → %s', (ms, text) => {
		expect(formatDuration(ms)).toBe(text);
	});
});

describe('formatTimestamp', () => {
	it.each([
		[0, '0:00'],
		[12_500, '0:12'],
		[63_250, '1:03'],
		[3_723_000, '1:02:03']
	])('%d ms → %s', (ms, text) => {
		expect(formatTimestamp(ms)).toBe(text);
	});
});
