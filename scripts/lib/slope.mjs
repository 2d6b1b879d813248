// Least-squares slope of y over x, for memory trends (scripts/rss-slope.mjs, bench/long-book.ts).

/**
 * @param {ReadonlyArray<{ x: number; y: number }>} points
 * @returns {number | null} null when every x is the same (no trend to fit)
 */
export function slope(points) {
	const n = points.length;
	const mx = points.reduce((s, p) => s + p.x, 0) / n;
	const my = points.reduce((s, p) => s + p.y, 0) / n;
	const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
	const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
	return sxx > 0 ? sxy / sxx : null;
}
