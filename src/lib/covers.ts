/**
 * Cover URLs, shared by server and browser. A cover is a folder of square WebP renditions,
 * `/covers/<book id>/<token>/<width>.webp`; the token changes whenever the picture does, so every
 * rendition may be cached for ever.
 */
export const COVER_WIDTHS = [160, 320, 640] as const;
export type CoverWidth = (typeof COVER_WIDTHS)[number];

/** The folder of a book's current cover (token: its content hash, or the drawn cover's hash). */
export function coverBase(bookId: string, token: string): string {
	return `/covers/${encodeURIComponent(bookId)}/${token}`;
}

export function coverSrc(base: string, width: CoverWidth): string {
	return `${base}/${width}.webp`;
}

export function coverSrcset(base: string): string {
	return COVER_WIDTHS.map((w) => `${coverSrc(base, w)} ${w}w`).join(', ');
}

/** `.../<width>.webp` → the width, when it is one the store renders. */
export function coverWidthOf(file: string): CoverWidth | null {
	const match = /^(\d+)\.webp$/.exec(file);
	const width = match ? Number(match[1]) : NaN;
	return (COVER_WIDTHS as readonly number[]).includes(width) ? (width as CoverWidth) : null;
}
