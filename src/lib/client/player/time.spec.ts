import { describe, expect, it } from 'vitest';
import { formatRemaining, progressText, spokenTime } from './time';

describe('player times', () => {
	it.each([
		[0, '0 seconds'],
		[999, '0 seconds'],
		[1_000, '1 second'],
		[61_000, '1 minute 1 second'],
		[3_600_000, '1 hour'],
		[3_723_000, '1 hour 2 minutes 3 seconds'],
		[-5_000, '0 seconds']
	])('spokenTime(%d) is %s', (ms, text) => {
		expect(spokenTime(ms)).toBe(text);
	});

	it('speaks the progress as a part of the whole', () => {
		expect(progressText(725_000, 3_780_000)).toBe('12 minutes 5 seconds of 1 hour 3 minutes');
	});

	it.each([
		[0, 90_000, '-1:30'],
		[60_000, 90_000, '-0:30'],
		[100_000, 90_000, '-0:00'],
		[0, 3_723_000, '-1:02:03']
	])('formatRemaining(%d, %d) is %s', (pos, dur, text) => {
		expect(formatRemaining(pos, dur)).toBe(text);
	});
});
