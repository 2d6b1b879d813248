import { describe, expect, it } from 'vitest';
import { foldForSearch, matchingSegments, nextMatch, segmentAt, splitMatches, type TimedSegment } from './transcript-index';

const seg = (startMs: number, endMs: number, text = '') => ({ startMs, endMs, text });

describe('segmentAt', () => {
	const segments: TimedSegment[] = [seg(1_000, 4_000), seg(4_000, 9_000), seg(12_000, 20_000)];
	it.each([
		[0, -1],
		[999, -1],
		[1_000, 0],
		[3_999, 0],
		[4_000, 1],
		[10_000, 1], // the pause after a segment keeps it
		[12_000, 2],
		[99_000, 2]
	])('at %d ms is segment %d', (ms, index) => {
		expect(segmentAt(segments, ms)).toBe(index);
	});

	it('is -1 for an empty transcript, and agrees with a linear scan on a long one', () => {
		expect(segmentAt([], 5)).toBe(-1);
		const long = Array.from({ length: 5000 }, (_, i) => seg(i * 3_000, i * 3_000 + 2_500));
		for (const ms of [0, 1, 2_999, 3_000, 7_654_321, 14_999_000, 20_000_000]) {
			const linear = long.findLastIndex((s) => s.startMs <= ms);
			expect(segmentAt(long, ms)).toBe(linear);
		}
	});
});

describe('search within the book', () => {
	const texts = ['Chapter one.', 'The Café opened at dawn.', 'Nobody came to the cafe.', 'İstanbul, again.'];
	const folded = texts.map(foldForSearch);

	it('folds case and accents without moving offsets', () => {
		expect(foldForSearch('Café')).toBe('cafe');
		for (const t of texts) expect([...foldForSearch(t)].length).toBe([...t].length);
	});

	it('finds every segment with the words, ignoring case and accents', () => {
		expect(matchingSegments(folded, 'CAFE')).toEqual([1, 2]);
		expect(matchingSegments(folded, ' café ')).toEqual([1, 2]);
		expect(matchingSegments(folded, 'istanbul')).toEqual([3]);
		expect(matchingSegments(folded, 'zeppelin')).toEqual([]);
		expect(matchingSegments(folded, '   ')).toEqual([]);
	});

	it('cuts a segment into plain and matching parts, keeping the original letters', () => {
		expect(splitMatches('The Café and the cafe.', 'cafe')).toEqual([
			{ text: 'The ', match: false },
			{ text: 'Café', match: true },
			{ text: ' and the ', match: false },
			{ text: 'cafe', match: true },
			{ text: '.', match: false }
		]);
		expect(splitMatches('aaa', 'aa')).toEqual([{ text: 'aa', match: true }, { text: 'a', match: false }]);
		expect(splitMatches('text', '')).toEqual([{ text: 'text', match: false }]);
	});

	it.each([
		[[2, 5, 9], 5, 1, 9],
		[[2, 5, 9], 9, 1, 2],
		[[2, 5, 9], 5, -1, 2],
		[[2, 5, 9], 2, -1, 9],
		[[2, 5, 9], -1, 1, 2],
		[[], 3, 1, -1]
	] as const)('in %j from %d going %d the next match is %d', (hits, from, dir, to) => {
		expect(nextMatch(hits, from, dir)).toBe(to);
	});
});
