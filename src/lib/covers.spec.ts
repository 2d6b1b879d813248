import { describe, expect, it } from 'vitest';
import { coverBase, coverSrc, coverSrcset, coverWidthOf } from './covers';

describe('cover URLs', () => {
	const base = coverBase('b1', 'abc');
	it('name one rendition per width', () => {
		expect(base).toBe('/covers/b1/abc');
		expect(coverSrc(base, 160)).toBe('/covers/b1/abc/160.webp');
		expect(coverSrcset(base)).toBe('/covers/b1/abc/160.webp 160w, /covers/b1/abc/320.webp 320w, /covers/b1/abc/640.webp 640w');
	});
	it.each([
		['160.webp', 160],
		['640.webp', 640],
		['100.webp', null],
		['320.jpg', null],
		['320.webp.png', null],
		['../320.webp', null]
	] as const)('%s is width %s', (file, width) => {
		expect(coverWidthOf(file)).toBe(width);
	});
});
