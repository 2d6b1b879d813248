/** The transcript's words for a mark, and times as the listener types them in the mark editor. */
import type { TimedSegment } from './transcript-index';

/** The text of the segments heard between startMs and endMs (any overlap counts). */
export function textInRange(segments: readonly TimedSegment[], startMs: number, endMs: number): string {
	return segments
		.filter((s) => s.endMs > startMs && s.startMs < endMs)
		.map((s) => s.text.trim())
		.filter(Boolean)
		.join(' ');
}

/** The time range of segments first…last (a text selection across them), or null when out of range. */
export function rangeOfSegments(segments: readonly TimedSegment[], first: number, last: number): { startMs: number; endMs: number } | null {
	const [a, b] = first <= last ? [first, last] : [last, first];
	const from = segments[a];
	const to = segments[b];
	if (!from || !to) return null;
	return { startMs: from.startMs, endMs: Math.max(to.endMs, from.startMs + 1) };
}

/** "1:02:03", "2:03" or "75" (seconds) to milliseconds; null for anything else. */
export function parseTimestamp(text: string): number | null {
	const parts = text.trim().split(':');
	if (!parts.length || parts.length > 3 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) return null;
	if (parts.slice(0, -1).some((p) => p.includes('.'))) return null;
	const numbers = parts.map(Number);
	if (numbers.slice(1).some((n) => n >= 60)) return null;
	const seconds = numbers.reduce((total, n) => total * 60 + n, 0);
	return Math.round(seconds * 1000);
}
