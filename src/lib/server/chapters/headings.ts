/**
 * Spoken chapter headings ("Chapter two. The Storm.", "Part One", "บทที่ ๓ ...") found in transcript
 * text. Precision first: a heading must open a sentence and its number must be followed by a pause
 * mark or the end of the segment, so "part one of the plan" in a story is not a heading.
 */

export type HeadingKind = 'chapter' | 'part';

export interface SpokenHeading {
	kind: HeadingKind;
	number: number;
	/** The words spoken after the number, when they are short enough to be a title ("The Storm"). */
	name: string | null;
	/** Where in the text the heading begins (characters), to place it within a long segment. */
	offset: number;
}

const EN_UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/** "two", "twenty-one", "21", "XIV" (roman only in capitals, so the word "I" is not chapter one). */
export function englishNumber(word: string): number | null {
	const w = word.toLowerCase().replace(/[‐-―]/g, '-');
	if (/^\d{1,3}$/.test(w)) return Number(w);
	const unit = EN_UNITS.indexOf(w);
	if (unit > 0) return unit;
	const ordinal = EN_ORDINALS.indexOf(w);
	if (ordinal > 0) return ordinal;
	const [tens, ones] = w.split(/[-\s]/);
	const t = EN_TENS.indexOf(tens ?? '');
	if (t >= 2) {
		if (ones === undefined) return t * 10;
		const o = EN_UNITS.indexOf(ones);
		if (o > 0 && o < 10) return t * 10 + o;
	}
	if (/^[IVXLC]{1,7}$/.test(word) && word !== 'I') return romanNumber(word);
	return null;
}

function romanNumber(s: string): number | null {
	const value: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
	let total = 0;
	for (let i = 0; i < s.length; i++) {
		const v = value[s[i]!]!;
		const next = value[s[i + 1] ?? ''] ?? 0;
		total += v < next ? -v : v;
	}
	return total > 0 ? total : null;
}

const TH_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const TH_UNITS: Record<string, number> = { หนึ่ง: 1, เอ็ด: 1, สอง: 2, ยี่: 2, สาม: 3, สี่: 4, ห้า: 5, หก: 6, เจ็ด: 7, แปด: 8, เก้า: 9 };

/** Thai digits (๑๒), Arabic digits, or spoken numbers up to 99 (สิบเอ็ด, ยี่สิบสาม); the length of the number read. */
export function thaiNumberAt(text: string): { value: number; length: number } | null {
	const digits = /^[0-9๐-๙]{1,3}/.exec(text);
	if (digits) {
		const value = Number([...digits[0]].map((c) => (TH_DIGITS.includes(c) ? String(TH_DIGITS.indexOf(c)) : c)).join(''));
		return { value, length: digits[0].length };
	}
	let rest = text;
	let value = 0;
	let length = 0;
	const take = (word: string) => {
		rest = rest.slice(word.length);
		length += word.length;
	};
	const unitAt = () => Object.keys(TH_UNITS).find((u) => rest.startsWith(u));
	const first = unitAt();
	if (rest.startsWith('สิบ')) {
		take('สิบ');
		value = 10;
	} else if (first && rest.slice(first.length).startsWith('สิบ')) {
		value = TH_UNITS[first]! * 10;
		take(first);
		take('สิบ');
	} else if (first && first !== 'ยี่' && first !== 'เอ็ด') {
		take(first);
		return { value: TH_UNITS[first]!, length };
	} else {
		return null;
	}
	const ones = unitAt();
	if (ones && ones !== 'ยี่' && ones !== 'หนึ่ง') {
		value += TH_UNITS[ones]!;
		take(ones);
	}
	return { value, length };
}

/** Words after the number that read as the chapter's name: one short sentence, at most 8 words. */
function nameFrom(after: string): string | null {
	const sentence = /^\s*([^.!?。]*?)\s*(?:[.!?。]|$)/u.exec(after)?.[1]?.trim() ?? '';
	const words = sentence.split(/\s+/).filter(Boolean);
	if (words.length === 0 || words.length > 8 || sentence.length > 80) return null;
	if (!/\p{L}/u.test(sentence)) return null;
	return sentence.replace(/^["'“‘(]+|["'”’)]+$/g, '').trim() || null;
}

const EN_HEADING = /(^|[.!?]\s+)(chapter|part|book)\s+([a-z]+(?:[-‐-―][a-z]+)?|\d{1,3})(?=\s*([.:;,—–-]|$))/giu;

function englishHeading(text: string): SpokenHeading | null {
	for (const m of text.matchAll(EN_HEADING)) {
		const number = englishNumber(m[3]!);
		if (number === null || number === 0) continue;
		const kind: HeadingKind = m[2]!.toLowerCase() === 'chapter' ? 'chapter' : 'part';
		const after = text.slice(m.index + m[0].length).replace(/^\s*[.:;,—–-]\s*/, '');
		return { kind, number, name: nameFrom(after), offset: m.index + m[1]!.length };
	}
	return null;
}

const TH_HEADING = /(^|\s)(บทที่|ตอนที่|ภาคที่|ภาค)\s*/gu;

function thaiHeading(text: string): SpokenHeading | null {
	for (const m of text.matchAll(TH_HEADING)) {
		const start = m.index + m[0].length;
		const n = thaiNumberAt(text.slice(start));
		if (!n || n.value === 0) continue;
		const after = text.slice(start + n.length);
		// A Thai heading ends at a space (Thai has no full stop); a letter straight after the number means it was a word.
		if (after && !/^[\s.:;,—–-]/.test(after)) continue;
		const name = /^[\s.:;,—–-]*(\S+)/u.exec(after)?.[1] ?? null;
		const kind: HeadingKind = m[2] === 'บทที่' || m[2] === 'ตอนที่' ? 'chapter' : 'part';
		return { kind, number: n.value, name: name && name.length <= 40 && /\p{L}/u.test(name) ? name.replace(/[.:;,]+$/, '') : null, offset: m.index + m[1]!.length };
	}
	return null;
}

/** The first heading that opens a sentence in `text`, English or Thai, or null. */
export function findHeading(text: string): SpokenHeading | null {
	return englishHeading(text) ?? thaiHeading(text);
}

/** The title a heading gives its chapter: "Chapter 2: The Storm", "Part 1", "บทที่ 3: ทะเล". */
export function headingTitle(h: SpokenHeading, language: string): string {
	const thai = language === 'th';
	const label = thai ? (h.kind === 'chapter' ? 'บทที่' : 'ภาคที่') : h.kind === 'chapter' ? 'Chapter' : 'Part';
	const base = `${label} ${h.number}`;
	if (!h.name) return base;
	const name = thai ? h.name : h.name.charAt(0).toUpperCase() + h.name.slice(1);
	return `${base}: ${name}`.slice(0, 200);
}
