import { describe, expect, it } from 'vitest';
import { chaptersFromProbe } from './file-chapters';

const mark = (start: string, title?: string) => ({ start_time: start, ...(title === undefined ? {} : { tags: { title } }) });

describe('chaptersFromProbe', () => {
	it('keeps the marks in order, in whole milliseconds', () => {
		expect(chaptersFromProbe([mark('4.0006', 'Two'), mark('0.000000', 'One')], 10_000)).toEqual([
			{ startMs: 0, title: 'One', source: 'file' },
			{ startMs: 4001, title: 'Two', source: 'file' }
		]);
	});

	it.each([
		['a mark past the end', [mark('0', 'A'), mark('3', 'B'), mark('99', 'C')], ['A', 'B']],
		['a mark repeated at one time', [mark('0', 'A'), mark('3', 'B'), mark('3', 'B again')], ['A', 'B']],
		['a blank title, numbered', [mark('0', 'A'), mark('3', '  \u0007 ')], ['A', 'Chapter 2']],
		['no tags', [mark('0'), mark('3')], ['Chapter 1', 'Chapter 2']],
		['a time that is not a number', [mark('0', 'A'), mark('x', 'B'), mark('5', 'C')], ['A', 'C']]
	])('copes with %s', (_name, marks, titles) => {
		expect(chaptersFromProbe(marks, 10_000).map((c) => c.title)).toEqual(titles);
	});

	it('gives none for one mark or none, and cuts long titles to 200 characters', () => {
		expect(chaptersFromProbe([mark('0', 'Only')], 10_000)).toEqual([]);
		expect(chaptersFromProbe(undefined, 10_000)).toEqual([]);
		expect(chaptersFromProbe([mark('0', 'x'.repeat(300)), mark('1', 'y')], 10_000)[0]!.title).toHaveLength(200);
	});
});
