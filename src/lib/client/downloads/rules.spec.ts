import { describe, expect, it } from 'vitest';
import { hasRoomFor, parseContentRange } from './rules';

describe('hasRoomFor', () => {
	it.each([
		[{ quota: 1000, usage: 0 }, 900, true],
		[{ quota: 1000, usage: 0 }, 910, false],
		[{ quota: 1000, usage: 890 }, 100, true],
		[{ quota: 1000, usage: 891 }, 100, false],
		[{ usage: 0 }, 1, false],
		[{ quota: 1000, usage: 0 }, 0, true]
	])('%j leaves room for %i bytes and 10 %: %s', (estimate, bytes, room) => {
		expect(hasRoomFor(estimate, bytes)).toBe(room);
	});
});

describe('parseContentRange', () => {
	it.each([
		['bytes 0-4194303/10485760', { start: 0, end: 4194303, total: 10485760 }],
		['bytes 9-9/10', { start: 9, end: 9, total: 10 }],
		['bytes */10', null],
		['bytes 0-9/*', null],
		['bytes 5-4/10', null],
		['bytes 0-10/10', null],
		[null, null]
	])('%s → %j', (header, parsed) => expect(parseContentRange(header)).toEqual(parsed));
});
