import { describe, expect, it } from 'vitest';
import { chapterAt, chapterProgress, headingsBySegment, nextChapterStart, previousChapterStart } from './chapters';

const chapters = [
	{ startMs: 0, title: 'One' },
	{ startMs: 60_000, title: 'Two' },
	{ startMs: 180_000, title: 'Three' }
];

describe('chapterAt', () => {
	it.each([
		[0, 0],
		[59_999, 0],
		[60_000, 1],
		[179_999, 1],
		[180_000, 2],
		[10_000_000, 2]
	])('at %i ms is chapter %i', (ms, index) => expect(chapterAt(chapters, ms)).toBe(index));

	it('is -1 before the first chapter and with none', () => {
		expect(chapterAt([{ startMs: 5_000, title: 'Late' }], 1_000)).toBe(-1);
		expect(chapterAt([], 1_000)).toBe(-1);
	});
});

describe('previous and next', () => {
	it.each([
		[70_000, 60_000, 'well into chapter two: its start'],
		[61_000, 0, 'just past the start of chapter two: chapter one'],
		[1_000, 0, 'in the first chapter: its start'],
		[185_000, 180_000, 'in the last: its start']
	])('previous from %i ms is %i (%s)', (ms, to) => expect(previousChapterStart(chapters, ms)).toBe(to));

	it.each([
		[0, 60_000],
		[60_000, 180_000],
		[179_999, 180_000],
		[180_000, null]
	])('next from %i ms is %s', (ms, to) => expect(nextChapterStart(chapters, ms)).toBe(to));
});

describe('chapterProgress', () => {
	it('counts from the chapter start to the next chapter, the last to the end of the book', () => {
		expect(chapterProgress(chapters, 1, 90_000, 300_000)).toEqual({ elapsedMs: 30_000, lengthMs: 120_000 });
		expect(chapterProgress(chapters, 2, 300_000, 300_000)).toEqual({ elapsedMs: 120_000, lengthMs: 120_000 });
		expect(chapterProgress(chapters, 5, 1, 300_000)).toEqual({ elapsedMs: 0, lengthMs: 0 });
	});
});

describe('headingsBySegment', () => {
	const segments = [
		{ startMs: 0, endMs: 30_000 },
		{ startMs: 30_000, endMs: 62_000 },
		{ startMs: 62_000, endMs: 120_000 },
		{ startMs: 120_000, endMs: 190_000 }
	];
	it('puts each heading before the segment spoken at its start', () => {
		const at = headingsBySegment(segments, chapters);
		expect([...at].map(([i, c]) => [i, c.title])).toEqual([
			[0, 'One'],
			[1, 'Two'],
			[3, 'Three']
		]);
	});
	it('drops chapters after the last segment', () => {
		expect(headingsBySegment(segments, [{ startMs: 500_000, title: 'After' }]).size).toBe(0);
	});
});
