import { describe, expect, it } from 'vitest';
import { englishNumber, findHeading, headingTitle, thaiNumberAt } from './headings';

describe('findHeading: English', () => {
	it.each([
		['Chapter One. The Fog. The fog came into Pelham harbour.', 'chapter', 1, 'The Fog'],
		['Chapter two: the storm.', 'chapter', 2, 'the storm'],
		['chapter 12', 'chapter', 12, null],
		['Chapter Twenty-One. A long night.', 'chapter', 21, 'A long night'],
		['Chapter XIV. Return.', 'chapter', 14, 'Return'],
		['Part One.', 'part', 1, null],
		['Part Two, In the Hills.', 'part', 2, 'In the Hills'],
		['He put the kettle on. Chapter Three. Eight Fifteen. She ran.', 'chapter', 3, 'Eight Fifteen'],
		['Chapter Four. She ran up the iron stairs of the lighthouse until her lungs burned and her legs shook.', 'chapter', 4, null]
	])('%j → %s %i, name %j', (text, kind, number, name) => {
		expect(findHeading(text)).toMatchObject({ kind, number, name });
	});

	it.each([
		['Part one of the plan was simple.', 'no pause after the number'],
		['He read chapter two of the manual.', 'not at the start of a sentence'],
		['The chapter was long.', 'no number'],
		['Chapter I.', 'a lone capital I is the pronoun, not a numeral'],
		['Chapter zero.', 'no chapter zero'],
		['', 'empty']
	])('%j is not a heading (%s)', (text) => expect(findHeading(text)).toBeNull());
});

describe('findHeading: Thai', () => {
	it.each([
		['บทที่ 1 หมอกทะเล เรือประมงหยุดเข้าฝั่ง', 'chapter', 1, 'หมอกทะเล'],
		['บทที่หนึ่ง หมอกทะเล', 'chapter', 1, 'หมอกทะเล'],
		['บทที่สอง', 'chapter', 2, null],
		['บทที่ ๓ บ้านริมน้ำ', 'chapter', 3, 'บ้านริมน้ำ'],
		['บทที่สิบเอ็ด การเดินทาง', 'chapter', 11, 'การเดินทาง'],
		['บทที่ยี่สิบสาม', 'chapter', 23, null],
		['ตอนที่ 4 กลับบ้าน', 'chapter', 4, 'กลับบ้าน'],
		['ภาคที่สอง ภูเขา', 'part', 2, 'ภูเขา'],
		['เขากลับมาแล้ว บทที่สาม ทะเล', 'chapter', 3, 'ทะเล']
	])('%j → %s %i, name %j', (text, kind, number, name) => {
		expect(findHeading(text)).toMatchObject({ kind, number, name });
	});

	it.each([
		['บทที่สามารถทำได้', 'สามารถ (can) is a word, not the number three'],
		['เขาอ่านบทที่ยาก', 'no number'],
		['บทเรียนวันนี้', 'not a heading word']
	])('%j is not a heading (%s)', (text) => expect(findHeading(text)).toBeNull());
});

describe('numbers', () => {
	it.each([
		['one', 1],
		['Seven', 7],
		['twenty', 20],
		['forty-two', 42],
		['12', 12],
		['IX', 9],
		['first', 1],
		['tenth', 10],
		['banana', null],
		['I', null]
	])('englishNumber(%j) = %s', (word, n) => expect(englishNumber(word)).toBe(n));

	it.each([
		['๑๒ ...', 12],
		['12', 12],
		['หนึ่ง', 1],
		['สิบ', 10],
		['สิบสอง', 12],
		['ยี่สิบ', 20],
		['ยี่สิบเอ็ด', 21],
		['เก้าสิบเก้า', 99],
		['ยี่', null],
		['แมว', null]
	])('thaiNumberAt(%j) = %s', (text, n) => expect(thaiNumberAt(text)?.value ?? null).toBe(n));
});

describe('headingTitle', () => {
	it.each([
		[{ kind: 'chapter' as const, number: 2, name: 'the storm', offset: 0 }, 'en', 'Chapter 2: The storm'],
		[{ kind: 'part' as const, number: 1, name: null, offset: 0 }, 'en', 'Part 1'],
		[{ kind: 'chapter' as const, number: 3, name: 'ทะเล', offset: 0 }, 'th', 'บทที่ 3: ทะเล'],
		[{ kind: 'part' as const, number: 2, name: null, offset: 0 }, 'th', 'ภาคที่ 2']
	])('%o in %s is %j', (h, language, title) => expect(headingTitle(h, language)).toBe(title));
});
