import { describe, expect, it } from 'vitest';
import { chunkPlan, firstMissingChunk, formatMegabytes, isComplete, rangeHeaderFor, remainingBytes, slicesForRange } from './chunks';

const MiB = 1024 * 1024;

describe('chunkPlan', () => {
	it.each([
		[1, 4, [[0, 0]]],
		[4, 4, [[0, 3]]],
		[5, 4, [[0, 3], [4, 4]]],
		[12, 4, [[0, 3], [4, 7], [8, 11]]]
	])('%i bytes in chunks of %i → %j', (total, size, ranges) => {
		expect(chunkPlan(total, size).map((c) => [c.start, c.end])).toEqual(ranges);
	});

	it('cuts a 10.5 MiB book into two 4 MiB chunks and a 2.5 MiB tail, fetched with exact Range headers', () => {
		const plan = chunkPlan(10.5 * MiB);
		expect(plan.map(rangeHeaderFor)).toEqual([`bytes=0-${4 * MiB - 1}`, `bytes=${4 * MiB}-${8 * MiB - 1}`, `bytes=${8 * MiB}-${10.5 * MiB - 1}`]);
		expect(plan.reduce((n, c) => n + c.end - c.start + 1, 0)).toBe(10.5 * MiB);
	});

	it('plans nothing for an empty file', () => expect(chunkPlan(0)).toEqual([]));
});

describe('resuming', () => {
	it.each([
		[3, [], 0],
		[3, [0], 1],
		[3, [0, 2], 1],
		[3, [1, 2], 0],
		[3, [0, 1, 2], 3]
	])('of %i chunks with %j stored, the first to fetch is %i', (count, stored, first) => {
		expect(firstMissingChunk(count, stored)).toBe(first);
	});

	it('counts the bytes left from the first missing chunk', () => {
		expect(remainingBytes(10, 1, 4)).toBe(6);
		expect(remainingBytes(10, 3, 4)).toBe(0);
	});
});

describe('isComplete', () => {
	const sizes = (entries: [number, number][]) => new Map(entries);
	it.each([
		['every chunk at its size', 10, [[0, 4], [1, 4], [2, 2]], true],
		['a chunk missing', 10, [[0, 4], [2, 2]], false],
		['a short chunk', 10, [[0, 4], [1, 3], [2, 2]], false],
		['a chunk too many', 10, [[0, 4], [1, 4], [2, 2], [3, 1]], false],
		['a last chunk of a different length', 10, [[0, 4], [1, 4], [2, 3]], false],
		['nothing for an empty total', 0, [], false]
	] as const)('%s → %s', (_name, total, entries, expected) => {
		expect(isComplete(total, sizes(entries as unknown as [number, number][]), 4)).toBe(expected);
	});
});

describe('slicesForRange', () => {
	it.each([
		['inside one chunk', 1, 2, [{ index: 0, from: 1, to: 3 }]],
		['the Safari probe', 0, 1, [{ index: 0, from: 0, to: 2 }]],
		['across a boundary', 3, 4, [{ index: 0, from: 3, to: 4 }, { index: 1, from: 0, to: 1 }]],
		['exactly one chunk', 4, 7, [{ index: 1, from: 0, to: 4 }]],
		['the whole file', 0, 9, [{ index: 0, from: 0, to: 4 }, { index: 1, from: 0, to: 4 }, { index: 2, from: 0, to: 2 }]],
		['the last byte', 9, 9, [{ index: 2, from: 1, to: 2 }]]
	])('%s (bytes %i-%i of 10, chunks of 4)', (_name, start, end, slices) => {
		expect(slicesForRange(start, end, 10, 4)).toEqual(slices);
	});

	it('refuses a range outside the file', () => {
		expect(() => slicesForRange(5, 10, 10, 4)).toThrow(RangeError);
		expect(() => slicesForRange(5, 4, 10, 4)).toThrow(RangeError);
	});
});

it.each([
	[0, '0.0 MB'],
	[10_485_760, '10.5 MB'],
	[123_456_789, '123 MB'],
	[2_500_000_000, '2.5 GB']
])('formatMegabytes(%i) = %s', (bytes, text) => expect(formatMegabytes(bytes)).toBe(text));
