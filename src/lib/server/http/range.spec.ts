import { describe, expect, it } from 'vitest';
import { parseRange } from './range';

describe('parseRange over 1000 bytes', () => {
	it.each([
		['no header', null, { kind: 'whole' }],
		['the first two bytes', 'bytes=0-1', { kind: 'partial', range: { start: 0, end: 1 } }],
		['an open end', 'bytes=900-', { kind: 'partial', range: { start: 900, end: 999 } }],
		['an end past the size, clamped', 'bytes=990-5000', { kind: 'partial', range: { start: 990, end: 999 } }],
		['a suffix', 'bytes=-500', { kind: 'partial', range: { start: 500, end: 999 } }],
		['a suffix longer than the entity', 'bytes=-5000', { kind: 'partial', range: { start: 0, end: 999 } }],
		['a zero suffix', 'bytes=-0', { kind: 'unsatisfiable' }],
		['a start at the size', 'bytes=1000-', { kind: 'unsatisfiable' }],
		['a start past the size', 'bytes=5000-6000', { kind: 'unsatisfiable' }],
		['end before start (invalid, ignored)', 'bytes=5-1', { kind: 'whole' }],
		['several ranges (whole entity instead)', 'bytes=0-1,5-6', { kind: 'whole' }],
		['another unit', 'items=0-1', { kind: 'whole' }],
		['garbage', 'bytes=abc', { kind: 'whole' }],
		['only a dash', 'bytes=-', { kind: 'whole' }]
	] as const)('%s', (_label, header, expected) => {
		expect(parseRange(header, 1000)).toEqual(expected);
	});

	it('refuses any range of an empty entity', () => {
		expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
		expect(parseRange('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' });
	});
});
