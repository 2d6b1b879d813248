/**
 * The storefront's catalog: browsing, search, book detail and the free preview of published books.
 * Plain functions over the database; SQL is in browse.repository.ts.
 */
import { coverUrlBase, firstCategorySlug } from '../covers';
import { z } from 'zod';
import { foldQuery, termWords } from '../../text/words';
import type { Db } from '../db';
import { invalidInput, notFound } from '../errors';
import {
	categoriesOfBooks,
	findPublishedAudio,
	findPublishedBook,
	listCategories,
	listPublishedBooks,
	type BookSummaryRow,
	type BrowsePosition,
	type BrowseSort,
	type CategoryRef
} from './browse.repository';
import { firstTranscriptHits } from './transcript-search.repository';
import type { ShelfSizes } from './shelf-sizes';

export type { BrowseSort, CategoryRef };

export const BROWSE_SORTS = ['newest', 'title', 'price'] as const satisfies readonly BrowseSort[];
const MAX_TERMS = 8;

/** Query-string input of the book list (API and storefront page share it). */
export const BrowseInput = z.object({
	category: z.array(z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a category slug like "fantasy"')).max(22).default([]),
	q: z.string().max(200, 'must be at most 200 characters').default(''),
	sort: z.enum(BROWSE_SORTS).default('newest'),
	cursor: z.string().max(600).optional(),
	limit: z.coerce.number().int().min(1).max(100).default(24)
});
export type BrowseInput = z.infer<typeof BrowseInput>;

/** URLSearchParams → BrowseInput fields: `category` may repeat or hold a comma-separated list. */
export function browseParams(params: URLSearchParams): Record<string, unknown> {
	const raw: Record<string, unknown> = {
		category: params.getAll('category').flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean)
	};
	for (const name of ['q', 'sort', 'cursor', 'limit']) {
		const value = params.get(name);
		if (value !== null && value !== '') raw[name] = value;
	}
	return raw;
}

export interface BookSummary {
	id: string;
	title: string;
	author: string;
	narrator: string | null;
	priceMinor: number;
	currency: string;
	isFree: boolean;
	durationMs: number;
	publishedAt: number | null;
	/** The cover's URL folder: `${cover}/320.webp` (see src/lib/covers.ts). */
	cover: string;
	categories: CategoryRef[];
	/** Searches only: where the words occur in the transcript (first place), when they do. */
	match?: TranscriptMatch;
}

export interface TranscriptMatch {
	/** Where the matching passage starts, in ms from the start of the recording. */
	atMs: number;
	/** The passage, at most SNIPPET_CHARS characters. */
	snippet: string;
}

const SNIPPET_CHARS = 200;

export interface BookDetail extends BookSummary {
	description: string | null;
	audioFormat: string;
	previewSeconds: number;
}

export interface BookPage {
	books: BookSummary[];
	/** Pass as `cursor` for the next page; null on the last page. */
	nextCursor: string | null;
}

/** A page of the storefront; `shelves` (the app's, kept across requests) lets a category filter and a search pick their plans. */
export async function browseBooks(db: Db, input: BrowseInput, shelves?: ShelfSizes): Promise<BookPage> {
	const after = input.cursor ? decodeCursor(input.cursor, input.sort) : null;
	const terms = searchTerms(input.q);
	const shelf = shelves && input.category.length ? await shelves.of(input.category) : undefined;
	// Asked for only when the word index cannot answer the search alone (listPublishedBooks).
	const search = shelves && terms.length ? () => shelves.search(terms) : undefined;
	const filter = { categorySlugs: input.category, terms, sort: input.sort, after, limit: input.limit };
	const rows = await listPublishedBooks(db, filter, shelf, search);
	const page = rows.slice(0, input.limit);
	const last = page.at(-1);
	const ids = page.map((r) => r.id);
	const categories = await categoriesOfBooks(db, ids);
	// A search on the word index says which books its transcript half found; only those can have a hit.
	const maySay = page.filter((r) => r.in_transcript !== 0).map((r) => r.id);
	const hits = await firstTranscriptHits(db, maySay, terms);
	return {
		books: page.map((r) => {
			const hit = hits.get(r.id);
			const book = summary(r, categories.get(r.id) ?? []);
			return hit ? { ...book, match: { atMs: hit.startMs, snippet: snippet(hit.text) } } : book;
		}),
		nextCursor: rows.length > input.limit && last ? encodeCursor(positionOf(last, input.sort)) : null
	};
}

export async function bookDetail(db: Db, id: string, previewSeconds: number): Promise<BookDetail> {
	const row = await findPublishedBook(db, id);
	if (!row) throw notFound('No book in the store has this id. It may have been taken off sale.');
	const categories = (await categoriesOfBooks(db, [id])).get(id) ?? [];
	return {
		...summary(row, categories),
		description: row.description,
		audioFormat: row.audio_format,
		previewSeconds: Math.min(previewSeconds, Math.floor(row.duration_ms / 1000))
	};
}

export const categories = (db: Db): Promise<CategoryRef[]> => listCategories(db);

/**
 * The blob and byte limit of a published book's free preview: its preview file (cut at upload, see
 * media/preview.ts) when it has one, served whole.
 *
 * Books without one (seeded demo books, FLAC) get a byte prefix of the book. Audiobooks are close to constant bitrate, so byte offset ≈ size × time / duration: the preview is
 * the first floor(size × PREVIEW_SECONDS / duration) bytes. VBR files end up a little shorter or
 * longer than PREVIEW_SECONDS, never past the limit, which is what protects the paid content. MP3 and
 * ADTS decoders play any prefix; MP4/M4B only when the moov atom comes first ("faststart").
 */
export async function previewAudio(db: Db, id: string, previewSeconds: number) {
	const audio = await findPublishedAudio(db, id);
	if (!audio) throw notFound('No book in the store has this id. It may have been taken off sale.');
	if (audio.preview_key && audio.preview_size) {
		return { key: audio.preview_key, contentType: audio.audio_mime, limit: Number(audio.preview_size) };
	}
	const limit = previewByteLimit(audio.audio_size, audio.duration_ms, previewSeconds);
	if (limit === 0) throw notFound('This book has no preview.');
	return { key: audio.audio_key, contentType: audio.audio_mime, limit };
}

export function previewByteLimit(size: number, durationMs: number, previewSeconds: number): number {
	if (size <= 0 || durationMs <= 0 || previewSeconds <= 0) return 0;
	return Math.min(size, Math.floor((size * previewSeconds * 1000) / durationMs));
}

/**
 * The words of a search box: letters and digits only, lower-cased, at most 8. Everything else
 * (quotes, operators, column names) is dropped, never passed to the full-text parser.
 */
export function searchTerms(q: string): string[] {
	// Marks (\p{M}) belong to words: Thai vowels and tone marks are combining characters.
	const words = (foldQuery(q).toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).flatMap(termWords);
	return [...new Set(words.map((w) => w.slice(0, 64)))].slice(0, MAX_TERMS);
}

function snippet(text: string): string {
	const chars = [...text];
	return chars.length <= SNIPPET_CHARS ? text : `${chars.slice(0, SNIPPET_CHARS - 1).join('').trimEnd()}…`;
}

function summary(r: BookSummaryRow, cats: CategoryRef[]): BookSummary {
	return {
		id: r.id,
		title: r.title,
		author: r.author,
		narrator: r.narrator,
		priceMinor: Number(r.price_minor),
		currency: r.currency,
		isFree: Boolean(r.is_free),
		durationMs: Number(r.duration_ms),
		publishedAt: r.published_at === null ? null : Number(r.published_at),
		cover: coverUrlBase(r, firstCategorySlug(cats)),
		categories: cats
	};
}

function positionOf(r: BookSummaryRow, sort: BrowseSort): BrowsePosition {
	const key = sort === 'newest' ? Number(r.published_at ?? 0) : sort === 'title' ? r.title : Number(r.price_minor);
	return { sort, key, id: r.id };
}

/* The cursor is opaque to clients: base64url of [sort, key, id]. */
const CursorShape = z.tuple([z.enum(BROWSE_SORTS), z.union([z.number(), z.string().max(300)]), z.string().max(64)]);

export function encodeCursor(p: BrowsePosition): string {
	return Buffer.from(JSON.stringify([p.sort, p.key, p.id])).toString('base64url');
}

export function decodeCursor(cursor: string, sort: BrowseSort): BrowsePosition {
	let parsed;
	try {
		parsed = CursorShape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
	} catch {
		parsed = null;
	}
	if (!parsed?.success) throw invalidInput('cursor: not a cursor from this list. Start again without it.', 'cursor');
	const [cursorSort, key, id] = parsed.data;
	if (cursorSort !== sort) {
		throw invalidInput('cursor: it belongs to another sort order. Start again without it.', 'cursor');
	}
	if ((sort === 'title') !== (typeof key === 'string')) throw invalidInput('cursor: not a cursor from this list.', 'cursor');
	return { sort, key, id };
}
