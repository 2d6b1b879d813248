import { describe, expect, it } from 'vitest';
import { findChapters, type TimedText } from './boundaries';

/** Segments of `seconds` each, back to back from `from`, the texts cycling. */
function spoken(from: number, texts: string[], count: number, seconds = 6, pause = 0.3): TimedText[] {
	return Array.from({ length: count }, (_, i) => {
		const start = from + i * (seconds + pause);
		return { start, end: start + seconds, text: texts[i % texts.length]! };
	});
}

const SEA = ['The boat rocked on the grey sea while the fishermen hauled their nets.', 'Waves broke over the harbour wall and gulls cried above the masts.', 'The tide turned and the sailors tied the ropes to the pier.'];
const CITY = ['The train pulled into the station and commuters hurried to their offices.', 'Traffic filled the avenue and taxis honked beneath the tall towers.', 'She bought coffee at the kiosk and checked the subway map again.'];
const GARDEN = ['Tomatoes ripened along the fence and the roses needed pruning.', 'He watered the seedlings and pulled weeds from the vegetable beds.', 'Bees moved between the lavender and the apple blossom.'];

describe('findChapters with spoken headings', () => {
	const cases: Array<{ name: string; language: string; segments: TimedText[]; expected: Array<[number, string | null]> }> = [
		{
			name: 'English headings; the first begins the book',
			language: 'en',
			segments: [
				{ start: 3, end: 8, text: 'Chapter One. The Fog. The fog came in.' },
				...spoken(8, SEA, 15),
				{ start: 110, end: 116, text: 'Chapter Two. The Keeper’s Cottage.' },
				...spoken(116, SEA, 15),
				{ start: 230, end: 240, text: 'It was quiet. Chapter Three. Eight Fifteen. She ran.' }
			],
			expected: [
				[0, 'Chapter 1: The Fog'],
				[110_000, 'Chapter 2: The Keeper’s Cottage'],
				// Mid-segment: placed by where in the segment's text the heading begins.
				[232_692, 'Chapter 3: Eight Fifteen']
			]
		},
		{
			name: 'a foreword before the first heading is a chapter of its own',
			language: 'en',
			segments: [...spoken(0, SEA, 12), { start: 80, end: 84, text: 'Part One.' }, ...spoken(84, CITY, 10)],
			expected: [
				[0, null],
				[80_000, 'Part 1']
			]
		},
		{
			name: 'Thai headings, spoken numbers',
			language: 'th',
			segments: [
				{ start: 1, end: 5, text: 'บทที่หนึ่ง หมอกทะเล' },
				...spoken(5, ['เรือประมงหยุดเข้าฝั่ง'], 20),
				{ start: 140, end: 145, text: 'บทที่สอง บ้านริมน้ำ' },
				...spoken(145, ['ชายชรานั่งอยู่ในครัว'], 20)
			],
			expected: [
				[0, 'บทที่ 1: หมอกทะเล'],
				[140_000, 'บทที่ 2: บ้านริมน้ำ']
			]
		},
		{
			name: 'a heading the transcript lost goes in the longest pause between its neighbours',
			language: 'en',
			segments: [
				{ start: 0, end: 5, text: 'Chapter 1. The fog. The fog came in.' },
				...spoken(5, SEA, 3),
				// A longer pause, but too early in chapter one to be chapter two.
				...spoken(28, SEA, 7),
				{ start: 68, end: 70.9, text: 'and began to walk towards the lighthouse.' },
				{ start: 74.6, end: 79, text: 'The harbour light had been automatic for twenty years.' },
				...spoken(79, SEA, 10),
				{ start: 146.5, end: 149, text: 'Chapter 3. 815. She ran.' },
				...spoken(149, SEA, 10)
			],
			expected: [
				[0, 'Chapter 1: The fog'],
				[72_750, 'Chapter 2'],
				[146_500, 'Chapter 3']
			]
		},
		{
			name: 'chapter one lost: the opening is chapter one',
			language: 'en',
			segments: [...spoken(0, SEA, 12), { start: 80, end: 84, text: 'Chapter Two.' }, ...spoken(84, CITY, 10)],
			expected: [
				[0, 'Chapter 1'],
				[80_000, 'Chapter 2']
			]
		},
		{
			name: 'a heading repeated within seconds counts once',
			language: 'en',
			segments: [{ start: 0, end: 4, text: 'Chapter One.' }, { start: 5, end: 9, text: 'Chapter One. The beginning.' }, ...spoken(10, SEA, 20)],
			expected: [[0, 'Chapter 1']]
		}
	];
	it.each(cases)('$name', ({ language, segments, expected }) => {
		const found = findChapters(segments, { durationMs: 300_000, language });
		expect(found.map((c) => [c.startMs, c.title])).toEqual(expected);
		expect(found.every((c) => c.source === 'heading')).toBe(true);
	});
});

describe('findChapters without headings', () => {
	it('gives a short book no chapters', () => {
		expect(findChapters(spoken(0, SEA, 10), { durationMs: 100_000, language: 'en' })).toEqual([]);
	});

	it('finds where the topic changes and the narrator pauses', () => {
		const segments = [...spoken(0, SEA, 40), ...spoken(254, CITY, 40), ...spoken(508, GARDEN, 40)];
		const found = findChapters(segments, { durationMs: 762_000, language: 'en' });
		expect(found.map((c) => c.source)).toEqual(['topic', 'topic', 'topic']);
		expect(found[0]!.startMs).toBe(0);
		expect(Math.abs(found[1]!.startMs - 254_000)).toBeLessThanOrEqual(2_000);
		expect(Math.abs(found[2]!.startMs - 508_000)).toBeLessThanOrEqual(2_000);
		expect(found.every((c) => c.title === null)).toBe(true);
	});

	it('finds the topic change in Thai', () => {
		const sea = ['เรือประมงแล่นออกทะเลตอนเช้า ชาวประมงลากอวนขึ้นเรือ', 'คลื่นซัดกำแพงท่าเรือ นกนางนวลบินวนเหนือเสากระโดง'];
		const city = ['รถไฟฟ้าเข้าสถานี ผู้คนรีบเดินไปทำงานในสำนักงาน', 'รถติดยาวบนถนน แท็กซี่บีบแตรใต้ตึกสูง'];
		const segments = [...spoken(0, sea, 40), ...spoken(256, city, 40)];
		const found = findChapters(segments, { durationMs: 510_000, language: 'th' });
		expect(found.map((c) => c.startMs)).toHaveLength(2);
		expect(Math.abs(found[1]!.startMs - 256_000)).toBeLessThanOrEqual(2_000);
	});

	it('leaves one even stretch of talk in one piece', () => {
		expect(findChapters(spoken(0, SEA, 100), { durationMs: 640_000, language: 'en' })).toEqual([]);
	});

	it('finds nothing in a transcript that is mostly recognition noise', () => {
		const noise = ['อัตาาาาาาาาาาาาาาาาาาาาา', 'สกวินสกวินสกวินสกวินสกวินสกวิน'];
		const segments = [...spoken(0, SEA, 20), ...spoken(130, noise, 20, 3, 4), ...spoken(275, CITY, 20)];
		expect(findChapters(segments, { durationMs: 405_000, language: 'th' })).toEqual([]);
	});

	it('ignores blank segments', () => {
		expect(findChapters([{ start: 0, end: 200, text: '  ' }], { durationMs: 200_000, language: 'en' })).toEqual([]);
	});
});
