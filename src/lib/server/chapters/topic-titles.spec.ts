import { describe, expect, it } from 'vitest';
import { titleChapters } from './topic-titles';

describe('titleChapters', () => {
	it.each([
		[
			'topic chapters are numbered',
			[
				{ startMs: 0, title: null, source: 'topic' as const },
				{ startMs: 60_000, title: null, source: 'topic' as const }
			],
			'en',
			['Chapter 1', 'Chapter 2']
		],
		[
			'a heading keeps its words; before the first heading is the introduction',
			[
				{ startMs: 0, title: null, source: 'heading' as const },
				{ startMs: 60_000, title: 'Chapter 1: The Fog', source: 'heading' as const }
			],
			'en',
			['Introduction', 'Chapter 1: The Fog']
		],
		[
			'Thai',
			[
				{ startMs: 0, title: null, source: 'heading' as const },
				{ startMs: 60_000, title: null, source: 'topic' as const }
			],
			'th',
			['บทนำ', 'บทที่ 2']
		]
	])('%s', (_name, found, language, titles) => expect(titleChapters(found, language)).toEqual(titles));
});
