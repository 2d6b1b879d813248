import { describe, expect, it } from 'vitest';
import { matchPassage, queryWords, searchPassages, snippetParts, type SnippetPart } from './transcript-match';

const hits = (parts: SnippetPart[]) => parts.filter((p) => p.hit).map((p) => p.text);
const joined = (parts: SnippetPart[]) => parts.map((p) => p.text).join('');

describe('queryWords', () => {
	it.each([
		['plain words, case and accents folded', 'The Café', ['the', 'cafe']],
		['operators and quotes are dropped', '"night" -circus* OR', ['night', 'circus', 'or']],
		['a Thai phrase typed without spaces is several words', 'เรือประมง', ['เรือ', 'ประมง']],
		['Thai tone marks and vowels stay', 'ผู้ดูแล', ['ผู้', 'ดูแล']],
		['Thai SARA AM stays one character, so the word is found', 'ประตูห้องทำงาน', ['ประตู', 'ห้อง', 'ทำงาน']],
		['repeats once, at most eight', 'a a b c d e f g h i j', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']],
		['nothing searchable', ' !?* ', []]
	])('%s', (_label, q, expected) => {
		expect(queryWords(q)).toEqual(expected);
	});
});

describe('matchPassage', () => {
	const text = 'Ruth opened the village school on the hill, and the school grew.';

	it('finds a phrase and highlights every place it occurs', () => {
		const match = matchPassage(text, 'the school');
		expect(match?.phrase).toBe(true);
		expect(match?.ranges.map(([s, e]) => text.slice(s, e))).toEqual(['the school']);
		expect(matchPassage(text, 'village school')?.ranges.map(([s, e]) => text.slice(s, e))).toEqual(['village school']);
	});

	it('matches the last word as a prefix (search as you type) and earlier words whole', () => {
		expect(matchPassage(text, 'village sch')?.phrase).toBe(true);
		expect(matchPassage(text, 'vill school')?.phrase).toBe(false);
	});

	it('matches all words apart, highlighting each, when they are not a phrase', () => {
		const match = matchPassage(text, 'hill Ruth');
		expect(match?.phrase).toBe(false);
		expect(match?.ranges.map(([s, e]) => text.slice(s, e))).toEqual(['Ruth', 'hill']);
	});

	it('needs every word, and words only at their start', () => {
		expect(matchPassage(text, 'school ferry')).toBeNull();
		expect(matchPassage(text, 'chool')).toBeNull();
		expect(matchPassage(text, '')).toBeNull();
	});

	it('folds case and accents like the index', () => {
		expect(matchPassage('Un café au lait.', 'CAFE')?.ranges).toEqual([[3, 7]]);
	});

	it('finds Thai words inside a phrase written without spaces, with or without the index’s zero-width spaces', () => {
		const said = 'คืนนั้นผู้ดูแลประภาคารเห็นแสงไฟจากเรือประมงลำเล็ก';
		const indexed = 'คืน\u200bนั้น\u200bผู้\u200bดูแล\u200bประภาคาร\u200bเห็น\u200bแสง\u200bไฟ\u200bจาก\u200bเรือ\u200bประมง\u200bลำ\u200bเล็ก';
		for (const passage of [said, indexed]) {
			const match = matchPassage(passage, 'เรือประมง');
			expect(match?.phrase).toBe(true);
			expect(match?.ranges.map(([s, e]) => said.slice(s, e))).toEqual(['เรือประมง']);
		}
		expect(matchPassage(said, 'ผู้ดูแล เรือ')?.phrase).toBe(false);
		expect(matchPassage(said, 'เรือดำน้ำ')).toBeNull();
	});
});

describe('snippetParts', () => {
	it('keeps a short passage whole, with the match as its own part', () => {
		const text = 'The ferry left at dawn.';
		expect(snippetParts(text, [[4, 9]])).toEqual([
			{ text: 'The ', hit: false },
			{ text: 'ferry', hit: true },
			{ text: ' left at dawn.', hit: false }
		]);
	});

	it('cuts a long passage around the first match, at word boundaries, marking the cuts', () => {
		const text = `${'lorem ipsum '.repeat(30)}the lighthouse keeper saw a light ${'dolor sit '.repeat(30)}`;
		const at = text.indexOf('lighthouse');
		const parts = snippetParts(text, [[at, at + 'lighthouse'.length]], 100);
		expect(hits(parts)).toEqual(['lighthouse']);
		const all = joined(parts);
		expect(all.startsWith('…') && all.endsWith('…')).toBe(true);
		const inner = all.slice(1, -1);
		expect(inner.length).toBeLessThanOrEqual(100);
		expect(text).toContain(inner);
		expect(inner.startsWith('ipsum') || inner.startsWith('lorem')).toBe(true);
	});

	it('keeps markup in a transcript as text', () => {
		const text = '<img src=x onerror=alert(1)> said the <b>keeper</b>';
		const match = matchPassage(text, 'keeper')!;
		const parts = snippetParts(text, match.ranges);
		expect(joined(parts)).toBe(text);
		expect(hits(parts)).toEqual(['keeper']);
	});

	it('shows Thai without the index’s zero-width spaces', () => {
		const indexed = 'แสง\u200bไฟ\u200bจาก\u200bเรือ\u200bประมง';
		const match = matchPassage(indexed, 'เรือ')!;
		expect(joined(snippetParts(indexed, match.ranges))).toBe('แสงไฟจากเรือประมง');
		expect(hits(snippetParts(indexed, match.ranges))).toEqual(['เรือ']);
	});
});

describe('searchPassages', () => {
	it('puts phrase matches first, then the rest, each in recording order', () => {
		const passages = [
			{ startMs: 0, text: 'The keeper climbed to the light.' },
			{ startMs: 5_000, text: 'A light keeper never sleeps.' },
			{ startMs: 9_000, text: 'Nothing here.' },
			{ startMs: 12_000, text: 'The light keeper waved.' }
		];
		expect(searchPassages(passages, 'light keeper').map((h) => [h.atMs, h.phrase])).toEqual([
			[5_000, true],
			[12_000, true],
			[0, false]
		]);
		expect(searchPassages(passages, 'lantern')).toEqual([]);
	});
});
