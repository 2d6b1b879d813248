import { describe, expect, it } from 'vitest';
import { excerpt, NEIGHBOUR_CHARS, neighbourTexts } from './chapter-titles';

const seg = (start: number, text: string) => ({ start, end: start + 2, text });

describe('neighbourTexts', () => {
	const segments = [seg(1, 'The keeper lit the lamp.'), seg(3, 'Fog came in.'), seg(61, 'Bread needs flour.'), seg(63, 'Knead it.'), seg(121, 'Rates rose.')];
	const rows = [{ startMs: 0 }, { startMs: 60_000 }, { startMs: 120_000 }];

	it.each([
		[0, ['Bread needs flour. Knead it.']],
		[1, ['The keeper lit the lamp. Fog came in.', 'Rates rose.']],
		[2, ['Bread needs flour. Knead it.']]
	])('sends chapter %i the text of the chapters before and after it', (i, expected) => {
		expect(neighbourTexts(segments, rows, i)).toEqual(expected);
	});

	it('leaves out a neighbour where nothing was said', () => {
		expect(neighbourTexts([seg(61, 'Bread needs flour.')], rows, 1)).toEqual([]);
	});
});

describe('excerpt', () => {
	it('keeps a short text whole', () => {
		expect(excerpt('Bread needs flour.')).toBe('Bread needs flour.');
	});

	it('cuts a long chapter to the bound with whole words from its start to its end', () => {
		const long = Array.from({ length: 20_000 }, (_, i) => `w${i}`).join(' ');
		const cut = excerpt(long);
		expect(cut.length).toBeLessThanOrEqual(NEIGHBOUR_CHARS);
		expect(cut.startsWith('w0 w1 ')).toBe(true);
		expect(cut.endsWith(' w19999')).toBe(true);
		expect(cut.split(' … ')).toHaveLength(8);
		for (const word of cut.split(' ')) expect(word).toMatch(/^(w\d+|…)$/);
	});
});
