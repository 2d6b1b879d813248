/**
 * The evaluation set: eval/passages/*.yaml, validated once here. A long item is given as chapters
 * (each chapter's text is exactly what is spoken for it); its `text` is the chapters joined.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** The store's taxonomy as migrations/0002_store seeds it; the runner checks it against the live store. */
export const CATEGORY_SLUGS = [
	'fiction',
	'mystery-thriller',
	'science-fiction',
	'fantasy',
	'romance',
	'horror',
	'historical-fiction',
	'literary-classics',
	'biography-memoir',
	'history',
	'science-technology',
	'business-economics',
	'self-development',
	'health-wellness',
	'philosophy-religion',
	'children',
	'young-adult',
	'comedy',
	'poetry-drama',
	'travel-nature',
	'language-learning',
	'true-crime'
] as const;
export type CategorySlug = (typeof CATEGORY_SLUGS)[number];

export const PASSAGES_DIR = path.resolve(import.meta.dirname, '../passages');

const Slug = z.enum(CATEGORY_SLUGS);
const Chapter = z.object({ title: z.string().trim().min(1), text: z.string().trim().min(1) }).strict();
const Item = z
	.object({
		id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens'),
		language: z.enum(['en', 'th']),
		category: Slug,
		also: z.array(Slug).default([]),
		text: z.string().trim().min(1).optional(),
		chapters: z.array(Chapter).min(2).max(4).optional()
	})
	.strict()
	.refine((i) => (i.text === undefined) !== (i.chapters === undefined), 'give either text or chapters, not both')
	.refine((i) => !i.also.includes(i.category), 'also must not repeat the primary category');

export interface Passage {
	id: string;
	language: 'en' | 'th';
	category: CategorySlug;
	also: CategorySlug[];
	/** Exactly what is spoken (a long item's chapters joined with spaces). */
	text: string;
	chapters: { title: string; text: string }[] | null;
	long: boolean;
}

export function loadPassages(dir = PASSAGES_DIR): Passage[] {
	const items: Passage[] = [];
	for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
		const raw = parse(readFileSync(path.join(dir, file), 'utf8')) as unknown;
		const parsed = z.array(Item).safeParse(raw);
		if (!parsed.success) {
			const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
			throw new Error(`eval/passages/${file} is not a valid passage list: ${problems}`);
		}
		for (const i of parsed.data) {
			items.push({
				id: i.id,
				language: i.language,
				category: i.category,
				also: i.also,
				text: i.text ?? i.chapters!.map((c) => c.text).join(' '),
				chapters: i.chapters ?? null,
				long: i.chapters !== undefined
			});
		}
	}
	const seen = new Set<string>();
	for (const p of items) {
		if (seen.has(p.id)) throw new Error(`eval/passages: the id ${p.id} appears twice; ids name cached audio and report rows`);
		seen.add(p.id);
	}
	return items;
}

export type Only = 'en' | 'th' | 'long';

/**
 * The items of a run, in an order that mixes languages and categories early, so that a small
 * EVAL_LIMIT still covers several (long items come last: each is minutes of audio).
 */
export function selectPassages(all: Passage[], opts: { only?: Only; limit?: number } = {}): Passage[] {
	const chosen = all.filter((p) => {
		if (opts.only === 'long') return p.long;
		if (opts.only) return !p.long && p.language === opts.only;
		return true;
	});
	const rank = new Map<string, number>();
	const counters = new Map<string, number>();
	for (const p of chosen) {
		const group = `${p.long}/${p.language}/${p.category}`;
		const n = counters.get(group) ?? 0;
		counters.set(group, n + 1);
		rank.set(p.id, n);
	}
	const key = (p: Passage) => [Number(p.long), rank.get(p.id)!, CATEGORY_SLUGS.indexOf(p.category), p.language === 'en' ? 0 : 1];
	const ordered = [...chosen].sort((a, b) => {
		const ka = key(a);
		const kb = key(b);
		for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
		return a.id.localeCompare(b.id);
	});
	return opts.limit !== undefined ? ordered.slice(0, opts.limit) : ordered;
}
