import { describe, expect, it } from 'vitest';
import { hasSpokenHeadings, scoreBoundaries, totalScore, withoutHeadings } from './chapters';
import type { Passage } from './passages';

describe('scoreBoundaries', () => {
	it.each([
		['all found within 2 s', [0, 61_000, 119_000], [0, 60_000, 120_000], { matched: 2, precision: 1, recall: 1, f1: 1 }],
		['one 2.5 s off', [0, 62_500, 120_000], [0, 60_000, 120_000], { matched: 1, precision: 0.5, recall: 0.5, f1: 0.5 }],
		['one missed', [0, 60_000], [0, 60_000, 120_000], { matched: 1, precision: 1, recall: 0.5 }],
		['an extra one', [0, 30_000, 60_000], [0, 60_000], { matched: 1, precision: 0.5, recall: 1 }],
		['two found near one true boundary count once', [59_000, 61_000], [60_000], { matched: 1, precision: 0.5, recall: 1 }],
		['the opening is no boundary', [0, 1_500], [0], { found: 0, truth: 0, f1: 1 }],
		['nothing found', [], [0, 60_000], { matched: 0, precision: 0, recall: 0, f1: 0 }],
		['order does not matter', [120_000, 0, 60_000], [60_000, 0, 120_000], { f1: 1 }]
	])('%s', (_name, found, truth, expected) => {
		expect(scoreBoundaries(found, truth)).toMatchObject(expected);
	});

	it('matches each found boundary to the nearest free true one', () => {
		expect(scoreBoundaries([60_000, 61_900], [61_000, 63_000])).toMatchObject({ matched: 2 });
	});
});

describe('totalScore', () => {
	it('adds the counts of the books', () => {
		const total = totalScore([scoreBoundaries([0, 60_000], [0, 60_000, 120_000]), scoreBoundaries([0, 50_000, 90_000], [0, 50_000])]);
		expect(total).toMatchObject({ truth: 3, found: 3, matched: 2 });
		expect(total.f1).toBeCloseTo(2 / 3);
	});
});

describe('withoutHeadings', () => {
	const passage: Passage = {
		id: 'long-x',
		language: 'en',
		category: 'fiction',
		also: [],
		long: true,
		text: '',
		chapters: [
			{ title: 'The Fog', text: 'Chapter One. The Fog. The fog came in.' },
			{ title: 'ริมโขงยามเช้า', text: 'บทที่หนึ่ง ริมโขงยามเช้า เราออกเดินทาง' },
			{ title: 'No Heading', text: 'It began without one.' }
		]
	} as Passage;
	it('tells a passage read with headings from one without', () => {
		expect(hasSpokenHeadings(passage)).toBe(false);
		expect(hasSpokenHeadings({ ...passage, chapters: passage.chapters!.slice(0, 2) })).toBe(true);
		expect(hasSpokenHeadings(withoutHeadings({ ...passage, chapters: passage.chapters!.slice(0, 2) }))).toBe(false);
	});

	it('takes the heading and its title off each chapter that has one', () => {
		const p = withoutHeadings(passage);
		expect(p.chapters!.map((c) => c.text)).toEqual(['The fog came in.', 'เราออกเดินทาง', 'It began without one.']);
		expect(p.id).toBe('long-x-no-headings');
	});
});
