import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration, formatTimestamp } from './format';

describe('formatDuration', () => {
	it.each([
		[30_000, '30 s', '30\u00a0วินาที'],
		[59_400, '59 s', '59\u00a0วินาที'],
		[60_000, '1 min', '1\u00a0นาที'],
		[90_000, '1 min 30 s', '1\u00a0นาที 30\u00a0วินาที'],
		[599_000, '9 min 59 s', '9\u00a0นาที 59\u00a0วินาที'],
		[2_700_000, '45 min', '45\u00a0นาที'],
		[3_600_000, '1 h', '1\u00a0ชม.'],
		[7_380_000, '2 h 3 min', '2\u00a0ชม. 3\u00a0นาที']
	])('%d ms → %s / %s', (ms, english, thai) => {
		// Thai keeps each number with its unit (no-break space): its lines break at spaces.
		expect(formatDuration(ms, 'en')).toBe(english);
		expect(formatDuration(ms, 'th')).toBe(thai);
	});

	it('uses the base locale outside a request', () => {
		expect(formatDuration(90_000)).toBe('1 min 30 s');
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

describe('formatDateTime', () => {
	const moment = Date.UTC(2026, 10, 25, 18, 20);
	it.each([
		['en', '25 Nov 2026, 18:20 UTC'],
		// Thai readers count years in the Buddhist era: 2026 CE is 2569 BE.
		['th', '25 พ.ย. 2569 18:20 UTC']
	] as const)('%s → %s', (locale, text) => {
		expect(formatDateTime(moment, locale).replace(/\s/g, ' ')).toBe(text);
	});
});
