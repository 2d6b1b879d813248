/**
 * The colour of a drawn cover: one per category, always the same for the same category. Every
 * background is dark enough that white type on it passes WCAG AA for small text (4.5:1); the spec
 * checks that for each entry.
 */
import { createHash } from 'node:crypto';

export const COVER_PALETTE = [
	'#1f4e79', // deep blue
	'#7a1f3d', // wine
	'#235b3a', // forest
	'#5b2c83', // violet
	'#8a3b12', // rust
	'#0f5e63', // teal
	'#4a4e19', // olive
	'#6b2222', // brick
	'#2e3a87', // indigo
	'#614016' // umber
] as const;

/** For books without a category. */
export const UNFILED_COLOUR = '#37474f';

export function coverColour(categorySlug: string | null): string {
	if (!categorySlug) return UNFILED_COLOUR;
	const digest = createHash('sha256').update(categorySlug).digest();
	return COVER_PALETTE[digest.readUInt32BE(0) % COVER_PALETTE.length]!;
}

/**
 * The category that colours a drawn cover: the first by name, compared in code (not by the database's
 * collation, which differs between MySQL and SQLite), so every page and the cover route agree.
 */
export function firstCategorySlug(categories: ReadonlyArray<{ slug: string; name: string }>): string | null {
	const sorted = [...categories].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
	return sorted[0]?.slug ?? null;
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
	const [la, lb] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
	return (la + 0.05) / (lb + 0.05);
}

function luminance(hex: string): number {
	const channel = (i: number) => {
		const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}
