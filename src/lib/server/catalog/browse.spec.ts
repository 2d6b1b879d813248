import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, previewByteLimit, searchTerms } from './browse';

describe('searchTerms', () => {
	it.each([
		['plain words', 'The Night Circus', ['the', 'night', 'circus']],
		['FTS5 syntax is dropped', 'title:"drop" OR NEAR(a b) *', ['title', 'drop', 'or', 'near', 'a', 'b']],
		['MySQL boolean operators are dropped', '+foo -bar ~baz >qux "quoted phrase"', ['foo', 'bar', 'baz', 'qux', 'quoted', 'phrase']],
		['diacritics and Thai stay; Thai is split into its words', 'Café ภาษาไทย', ['café', 'ภาษา', 'ไทย']],
		['Thai vowel and tone marks belong to their word', 'ผู้ดูแล', ['ผู้', 'ดูแล']],
		['Thai SARA AM stays whole (NFKC would split it and the word with it)', 'ทำงาน', ['ทำงาน']],
		['duplicates once', 'echo Echo ECHO', ['echo']],
		['nothing searchable', '"" ** ()', []]
	])('%s', (_label, q, expected) => {
		expect(searchTerms(q)).toEqual(expected);
	});

	it('keeps at most eight terms', () => {
		expect(searchTerms('a b c d e f g h i j')).toHaveLength(8);
	});
});

describe('cursor', () => {
	it('round-trips and is bound to its sort', () => {
		const c = encodeCursor({ sort: 'title', key: 'Dune', id: 'abc' });
		expect(decodeCursor(c, 'title')).toEqual({ sort: 'title', key: 'Dune', id: 'abc' });
		expect(() => decodeCursor(c, 'price')).toThrow(/another sort order/);
	});

	it.each(['', 'not-base64!', Buffer.from('{"a":1}').toString('base64url'), encodeCursor({ sort: 'price', key: 'x', id: 'a' })])(
		'refuses %j',
		(bad) => {
			expect(() => decodeCursor(bad, 'price')).toThrow(/cursor/);
		}
	);
});

describe('previewByteLimit', () => {
	it.each([
		['a minute of a ten-minute book', 6_000_000, 600_000, 60, 600_000],
		['a book shorter than the preview is whole', 1000, 30_000, 60, 1000],
		['previews turned off', 1000, 600_000, 0, 0],
		['unknown duration', 1000, 0, 60, 0]
	])('%s', (_label, size, durationMs, seconds, expected) => {
		expect(previewByteLimit(size, durationMs, seconds)).toBe(expected);
	});
});
