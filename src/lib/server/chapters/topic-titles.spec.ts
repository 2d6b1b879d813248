import { describe, expect, it } from 'vitest';
import { keyWords, titleChapters, topicTitle } from './topic-titles';

const SEA = 'The harbour was quiet. Boats rocked in the harbour while the lighthouse turned. The lighthouse keeper watched the harbour and the lighthouse lamp. ';
const CITY = 'The train left the station. Commuters filled the station and the train was late. Another train reached the station at noon. ';

describe('keyWords', () => {
	it('picks the words said often in the chapter and seldom elsewhere', () => {
		expect(keyWords(SEA.repeat(2), CITY.repeat(2))).toEqual(['harbour', 'lighthouse']);
		expect(keyWords(CITY.repeat(2), SEA.repeat(2))).toEqual(['station', 'train']);
	});

	it.each([
		['a word said only twice', 'The harbour at dawn. The harbour at dusk.', CITY],
		['words as common elsewhere', SEA, SEA],
		['short words and numbers', 'Go go go. 1999 1999 1999. Ox ox ox.', CITY],
		['nothing said', '', CITY]
	])('gives none for %s', (_name, mine, rest) => expect(keyWords(mine, rest)).toEqual([]));

	it('reads Thai words, vowel marks included', () => {
		const th = 'เรือประมงออกทะเล เรือประมงกลับฝั่ง เรือประมงจอดที่ท่าเรือ ชาวประมงขายปลา ชาวประมงซ่อมอวน ชาวประมงพักผ่อน ';
		const words = keyWords(th.repeat(2), 'รถไฟเข้าสถานี ผู้คนเดินไปทำงาน '.repeat(4));
		expect(words).toHaveLength(2);
		expect(words.every((w) => th.includes(w))).toBe(true);
	});
});

describe('topicTitle', () => {
	it.each([
		[2, ['harbour', 'lighthouse'], 'en', 'Chapter 2: Harbour, lighthouse'],
		[3, ['harbour'], 'en', 'Chapter 3'],
		[1, [], 'th', 'บทที่ 1'],
		[2, ['ชาวประมง', 'ทะเล'], 'th', 'บทที่ 2: ชาวประมง ทะเล']
	])('chapter %i with %j in %s is %j', (n, words, language, title) => expect(topicTitle(n, words, language)).toBe(title));
});

describe('titleChapters', () => {
	it('keeps heading titles, names topic chapters by their words, numbers the rest', () => {
		const segments = [
			{ start: 0, end: 50, text: SEA.repeat(2) },
			{ start: 60, end: 110, text: CITY.repeat(2) },
			{ start: 120, end: 170, text: 'Nothing much happened then.' }
		];
		const titles = titleChapters(
			[
				{ startMs: 0, title: null, source: 'topic' },
				{ startMs: 60_000, title: null, source: 'topic' },
				{ startMs: 120_000, title: null, source: 'topic' }
			],
			segments,
			'en'
		);
		expect(titles).toEqual(['Chapter 1: Harbour, lighthouse', 'Chapter 2: Station, train', 'Chapter 3']);
		expect(titleChapters([{ startMs: 0, title: null, source: 'heading' }, { startMs: 60_000, title: 'Chapter 1: The Fog', source: 'heading' }], segments, 'en')).toEqual([
			'Introduction',
			'Chapter 1: The Fog'
		]);
		expect(titleChapters([{ startMs: 0, title: null, source: 'heading' }], segments, 'th')).toEqual(['บทนำ']);
	});
});
