/** Finding things in a transcript that may have thousands of segments, without scanning it per frame. */

export interface TimedSegment {
	startMs: number;
	endMs: number;
	text: string;
}

/**
 * The index of the last item that started at or before `ms`, or -1 before the first. Binary search:
 * the items are in order of start (transcript segments, chapters).
 */
export function lastStartedBy(items: readonly { startMs: number }[], ms: number): number {
	let lo = 0;
	let hi = items.length - 1;
	let found = -1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (items[mid]!.startMs <= ms) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

/**
 * The segment being spoken at `ms`: the last one that started at or before it (so a pause between
 * segments keeps the one just heard), or -1 before the first.
 */
export function segmentAt(segments: readonly TimedSegment[], ms: number): number {
	return lastStartedBy(segments, ms);
}

/** Case- and accent-insensitive form for matching; one character in, one out, so offsets line up. */
export function foldForSearch(text: string): string {
	return [...text]
		.map((ch) => {
			const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
			// Some letters lower-case to two code points ("İ"): then keep one, or offsets drift.
			return [base.toLowerCase(), ch.toLowerCase(), ch].find((c) => [...c].length === 1) ?? ch;
		})
		.join('');
}

/** Indexes of the segments containing `query` (folded); none for a blank query. */
export function matchingSegments(folded: readonly string[], query: string): number[] {
	const q = foldForSearch(query.trim());
	if (!q) return [];
	const hits: number[] = [];
	for (let i = 0; i < folded.length; i++) if (folded[i]!.includes(q)) hits.push(i);
	return hits;
}

/** `text` cut into plain and matching parts, for <mark>. */
export function splitMatches(text: string, query: string): Array<{ text: string; match: boolean }> {
	const q = foldForSearch(query.trim());
	if (!q) return [{ text, match: false }];
	const chars = [...text];
	const folded = [...foldForSearch(text)];
	const parts: Array<{ text: string; match: boolean }> = [];
	let plainFrom = 0;
	let i = 0;
	const qChars = [...q];
	while (i <= folded.length - qChars.length) {
		if (qChars.every((c, k) => folded[i + k] === c)) {
			if (i > plainFrom) parts.push({ text: chars.slice(plainFrom, i).join(''), match: false });
			parts.push({ text: chars.slice(i, i + qChars.length).join(''), match: true });
			i += qChars.length;
			plainFrom = i;
		} else {
			i++;
		}
	}
	if (plainFrom < chars.length) parts.push({ text: chars.slice(plainFrom).join(''), match: false });
	return parts;
}

/** The next (or previous) match from the segment the listener is at, wrapping round. */
export function nextMatch(hits: readonly number[], from: number, direction: 1 | -1): number {
	if (!hits.length) return -1;
	if (direction === 1) return hits.find((h) => h > from) ?? hits[0]!;
	return [...hits].reverse().find((h) => h < from) ?? hits.at(-1)!;
}
