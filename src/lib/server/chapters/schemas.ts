/** An admin's chapter list, validated at the edge; times are checked against the book in index.ts. */
import { z } from 'zod';

export const MAX_TITLE_LENGTH = 200;
export const MAX_CHAPTERS = 500;

const ChapterInput = z.object({
	startMs: z
		.number({ error: 'must be a number of milliseconds from the start of the book' })
		.int('must be a whole number of milliseconds')
		.min(0, 'must not be negative'),
	title: z
		.string({ error: 'must be text' })
		.trim()
		.min(1, 'must not be empty')
		.max(MAX_TITLE_LENGTH, `must be at most ${MAX_TITLE_LENGTH} characters`)
		.refine((t) => !/[\p{Cc}]/u.test(t), 'must not contain control characters')
});

export const ChaptersInput = z.object({
	chapters: z
		.array(ChapterInput)
		.max(MAX_CHAPTERS, `must have at most ${MAX_CHAPTERS} chapters`)
		.superRefine((list, ctx) => {
			for (let i = 1; i < list.length; i++) {
				if (list[i]!.startMs <= list[i - 1]!.startMs) {
					ctx.addIssue({
						code: 'custom',
						path: [i, 'startMs'],
						message: list[i]!.startMs === list[i - 1]!.startMs ? 'two chapters start at the same time' : 'chapters must be in order of their start times'
					});
					return;
				}
			}
		})
});
export type ChaptersInput = z.infer<typeof ChaptersInput>;
