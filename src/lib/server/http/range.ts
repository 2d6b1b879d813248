/**
 * HTTP Range requests (RFC 9110 §14) over an entity of known size: one byte range, or none.
 * Several ranges (multipart/byteranges) are answered with the whole entity, which the RFC allows.
 */
import type { ByteRange } from '../storage';

export type RangeRequest =
	| { kind: 'whole' }
	| { kind: 'partial'; range: ByteRange }
	| { kind: 'unsatisfiable' };

/**
 * Interprets a Range header against an entity of `size` bytes. A header that is absent, malformed,
 * in another unit or lists several ranges means the whole entity; a syntactically valid range that
 * starts past the end (or an empty entity) is unsatisfiable (416).
 */
export function parseRange(header: string | null, size: number): RangeRequest {
	if (!header) return { kind: 'whole' };
	const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
	if (!match) return { kind: 'whole' };
	const [, first = '', last = ''] = match;
	if (first === '' && last === '') return { kind: 'whole' };
	if (first === '') {
		// Suffix range: the last N bytes.
		const length = Number(last);
		if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
		return { kind: 'partial', range: { start: Math.max(0, size - length), end: size - 1 } };
	}
	const start = Number(first);
	const end = last === '' ? size - 1 : Number(last);
	if (last !== '' && end < start) return { kind: 'whole' }; // invalid: ignore the header
	if (start >= size) return { kind: 'unsatisfiable' };
	return { kind: 'partial', range: { start, end: Math.min(end, size - 1) } };
}
