import { describe, expect, it } from 'vitest';
import { formatRemaining, progressText, spokenTime } from './time';

describe('player times', () => {
	it.each([
		[0, '0 seconds', '0 วินาที'],
		[999, '0 seconds', '0 วินาที'],
		[1_000, '1 second', '1 วินาที'],
		[61_000, '1 minute 1 second', '1 นาที 1 วินาที'],
		[3_600_000, '1 hour', '1 ชั่วโมง'],
		[3_723_000, '1 hour 2 minutes 3 seconds', '1 ชั่วโมง 2 นาที 3 วินาที'],
		[-5_000, '0 seconds', '0 วินาที']
	])('spokenTime(%d) is %s in English and %s in Thai', (ms, en, th) => {
		expect(spokenTime(ms, 'en')).toBe(en);
		expect(spokenTime(ms, 'th')).toBe(th);
	});

	it('speaks the progress as a part of the whole', () => {
		expect(progressText(725_000, 3_780_000, 'en')).toBe('12 minutes 5 seconds of 1 hour 3 minutes');
		expect(progressText(725_000, 3_780_000, 'th')).toBe('12 นาที 5 วินาที จาก 1 ชั่วโมง 3 นาที');
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
