import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { drawCover, drawnCoverToken } from './drawn';
import { createDrawnCoverCache } from './drawn-cache';
import { COVER_PALETTE, UNFILED_COLOUR, contrastRatio, coverColour, firstCategorySlug } from './palette';

/** How many pixels of the picture are near-white: the type. */
async function inkIn(webp: Buffer, region: { left: number; top: number; width: number; height: number }): Promise<number> {
	const { data } = await sharp(webp).extract(region).removeAlpha().raw().toBuffer({ resolveWithObject: true });
	let ink = 0;
	for (let i = 0; i < data.length; i += 3) if (data[i]! > 200 && data[i + 1]! > 200 && data[i + 2]! > 200) ink++;
	return ink;
}

describe('drawn covers', () => {
	it.each([160, 320, 640] as const)('are square WebP at %i px', async (width) => {
		const webp = await drawCover({ title: 'The Lighthouse Keeper', author: 'Mara Quint', categorySlug: 'fiction' }, width);
		expect(await sharp(webp).metadata()).toMatchObject({ format: 'webp', width, height: width });
	});

	it('set the title and the author in type, Thai included', async () => {
		for (const [title, author] of [
			['The Lighthouse Keeper', 'Mara Quint'],
			['เจ้าชายน้อยกับดวงดาวที่ห่างไกล', 'อ็องตวน เดอ แซ็งเตกซ์ซูเปรี']
		]) {
			const webp = await drawCover({ title: title!, author: author!, categorySlug: 'fiction' }, 640);
			expect(await inkIn(webp, { left: 48, top: 64, width: 544, height: 200 })).toBeGreaterThan(1500);
			expect(await inkIn(webp, { left: 48, top: 490, width: 544, height: 120 })).toBeGreaterThan(300);
		}
		const empty = await drawCover({ title: '', author: '', categorySlug: 'fiction' }, 640);
		expect(await inkIn(empty, { left: 48, top: 64, width: 544, height: 200 })).toBe(0);
	});

	it('keep a very long title inside the cover', async () => {
		const webp = await drawCover({ title: 'A very long title '.repeat(30), author: 'Someone', categorySlug: null }, 640);
		// The author band stays clear of the title.
		expect(await inkIn(webp, { left: 48, top: 440, width: 544, height: 30 })).toBe(0);
	});

	it('escape markup in titles', async () => {
		const webp = await drawCover({ title: '<b>Bold</b> & <i>', author: 'A "quoted" author', categorySlug: null }, 320);
		expect(await sharp(webp).metadata()).toMatchObject({ width: 320 });
	});

	it('are named by what they show', () => {
		const book = { title: 'T', author: 'A', categorySlug: 'fiction' };
		expect(drawnCoverToken(book)).toMatch(/^g[0-9a-f]{23}$/);
		expect(drawnCoverToken({ ...book })).toBe(drawnCoverToken(book));
		expect(drawnCoverToken({ ...book, title: 'T2' })).not.toBe(drawnCoverToken(book));
		expect(drawnCoverToken({ ...book, author: 'B' })).not.toBe(drawnCoverToken(book));
	});
});

describe('cover colours', () => {
	it.each([...COVER_PALETTE, UNFILED_COLOUR])('%s under white type passes WCAG AA (4.5:1)', (colour) => {
		expect(contrastRatio(colour, '#ffffff')).toBeGreaterThanOrEqual(4.5);
	});

	it('are the same for a category every time, and spread over the palette', () => {
		expect(coverColour('fiction')).toBe(coverColour('fiction'));
		expect(coverColour(null)).toBe(UNFILED_COLOUR);
		const used = new Set(['fiction', 'history', 'science', 'children', 'business', 'poetry', 'travel', 'health'].map(coverColour));
		expect(used.size).toBeGreaterThanOrEqual(4);
	});

	it('come from the first category by name, whatever order the database gave', () => {
		const cats = [
			{ slug: 'travel', name: 'Travel' },
			{ slug: 'history', name: 'History' }
		];
		expect(firstCategorySlug(cats)).toBe('history');
		expect(firstCategorySlug([...cats].reverse())).toBe('history');
		expect(firstCategorySlug([])).toBeNull();
	});
});

describe('the drawn-cover cache', () => {
	it('keeps the most recently used covers within its size', () => {
		const cache = createDrawnCoverCache(25_000);
		cache.set('a/160', Buffer.alloc(10_000));
		cache.set('b/160', Buffer.alloc(10_000));
		cache.get('a/160');
		cache.set('c/160', Buffer.alloc(10_000));
		expect(cache.get('a/160')).toBeDefined();
		expect(cache.get('b/160')).toBeUndefined();
		expect(cache.get('c/160')).toBeDefined();
	});
});
