/**
 * The admin side of the catalog: list, read, edit, publish, unpublish and delete books. Plain
 * functions over their dependencies; SQL lives in books.repository.ts, the upload in media/upload.ts.
 */
import type { Db } from '../db';
import type { Book, BookStatus, Category, PipelineStep } from '../db/schema';
import { conflict, invalidInput, notFound } from '../errors';
import type { Logger } from '../log';
import type { BlobStorage } from '../storage';
import { coverKeys, coverUrlBase, firstCategorySlug } from '../covers';
import * as books from './books.repository';
import { findCategoriesByRefs } from './categories.repository';
import { priceRuleViolation, type BookPatchInput } from './schemas';

export interface CatalogDeps {
	db: Db;
	storage: BlobStorage;
	clock: () => number;
	log: Logger;
	defaultCurrency: string;
	uploadMaxBytes: number;
	/** Length of the preview file cut from each upload. */
	previewSeconds: number;
}

export interface AdminBook {
	id: string;
	uploadId: string;
	title: string;
	author: string;
	narrator: string | null;
	description: string | null;
	priceMinor: number;
	currency: string;
	free: boolean;
	status: BookStatus;
	/** 'en', 'th'…, or 'detect' until transcription has found it. */
	language: string;
	/** Why the book waits for an admin (status 'review'), or why a rerun's draft needs a look. */
	reviewReason: string | null;
	audio: { size: number; mime: string; format: string; durationMs: number };
	/** The cover's URL folder (src/lib/covers.ts), and where its picture came from (null: drawn). */
	cover: string;
	coverSource: 'upload' | 'audio' | null;
	categories: { id: string; slug: string; name: string }[];
	pipeline: { step: string; position: number; status: string; attempts: number; error: string | null; updatedAt: string }[];
	createdAt: string;
	updatedAt: string;
	publishedAt: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function toAdminBook(book: Book, categories: Array<Pick<Category, 'id' | 'slug' | 'name'>>, steps: PipelineStep[]): AdminBook {
	return {
		id: book.id,
		uploadId: book.upload_id,
		title: book.title,
		author: book.author,
		narrator: book.narrator,
		description: book.description,
		priceMinor: Number(book.price_minor),
		currency: book.currency,
		free: Boolean(book.is_free),
		status: book.status,
		language: book.language,
		reviewReason: book.review_reason,
		audio: {
			size: Number(book.audio_size),
			mime: book.audio_mime,
			format: book.audio_format,
			durationMs: Number(book.duration_ms)
		},
		cover: coverUrlBase(book, firstCategorySlug(categories)),
		coverSource: book.cover_source,
		categories: categories.map(({ id, slug, name }) => ({ id, slug, name })),
		pipeline: steps.map((s) => ({
			step: s.step,
			position: s.position,
			status: s.status,
			attempts: s.attempts,
			error: s.error,
			updatedAt: iso(Number(s.updated_at))
		})),
		createdAt: iso(Number(book.created_at)),
		updatedAt: iso(Number(book.updated_at)),
		publishedAt: book.published_at === null ? null : iso(Number(book.published_at))
	};
}

/** Every ref must name an existing category (by id or slug); returns their ids. */
export async function resolveCategoryRefs(db: Db, refs: string[]): Promise<string[]> {
	const found = await findCategoriesByRefs(db, refs);
	const missing = refs.filter((r) => !found.some((c) => c.id === r || c.slug === r));
	if (missing.length) {
		throw invalidInput(
			`categories: unknown category ${missing.map((m) => JSON.stringify(m)).join(', ')}; use a slug or id from GET /api/v1/admin/categories`,
			'categories'
		);
	}
	return [...new Set(found.map((c) => c.id))];
}

export async function listAdminBooks(deps: Pick<CatalogDeps, 'db'>, page: { limit: number; offset: number }) {
	const [rows, total] = await Promise.all([books.listBooksForAdmin(deps.db, page), books.countBooks(deps.db)]);
	return { books: rows.map((r) => toAdminBook(r.book, r.categories, r.steps)), total };
}

export async function getAdminBook(deps: Pick<CatalogDeps, 'db'>, id: string): Promise<AdminBook> {
	const row = await books.findBookForAdmin(deps.db, id);
	if (!row) throw notFound('No book has this id.');
	return toAdminBook(row.book, row.categories, row.steps);
}

export async function getAdminBookByUploadId(deps: Pick<CatalogDeps, 'db'>, uploadId: string): Promise<AdminBook | null> {
	const book = await books.findBookByUploadId(deps.db, uploadId);
	return book ? getAdminBook(deps, book.id) : null;
}

export async function updateBook(deps: CatalogDeps, id: string, patch: BookPatchInput): Promise<AdminBook> {
	const current = await books.findBookById(deps.db, id);
	if (!current) throw notFound('No book has this id.');
	const priceMinor = patch.priceMinor ?? Number(current.price_minor);
	const free = patch.free ?? Boolean(current.is_free);
	const violation = priceRuleViolation(priceMinor, free);
	if (violation) throw invalidInput(`${violation.field}: ${violation.message}`, violation.field);
	const categoryIds = patch.categories ? await resolveCategoryRefs(deps.db, patch.categories) : undefined;
	await books.updateBookMetadata(
		deps.db,
		id,
		{
			title: patch.title,
			author: patch.author,
			narrator: patch.narrator,
			description: patch.description,
			price_minor: patch.priceMinor,
			currency: patch.currency,
			is_free: patch.free === undefined ? undefined : Number(patch.free),
			language: patch.language
		},
		categoryIds,
		deps.clock()
	);
	return getAdminBook(deps, id);
}

/** Idempotent: publishing a published book (or unpublishing a draft) changes nothing. */
export async function setPublished(deps: CatalogDeps, id: string, published: boolean): Promise<AdminBook> {
	const changed = await books.setBookStatus(deps.db, id, published ? 'published' : 'draft', deps.clock());
	const book = await getAdminBook(deps, id);
	if (changed) deps.log.info({ bookId: id, status: book.status }, 'book status changed');
	return book;
}

/** Deletes the book, its audio, its preview and its cover, refused (409) while anyone owns it. */
export async function deleteBook(deps: CatalogDeps, id: string): Promise<void> {
	const book = await books.findBookById(deps.db, id);
	if (!book) throw notFound('No book has this id.');
	const outcome = await books.deleteBookIfUnowned(deps.db, id);
	if (outcome === 'missing') throw notFound('No book has this id.');
	if (outcome === 'owned') {
		const owners = await books.countOwners(deps.db, id);
		throw conflict(
			`This book is in the library of ${owners} buyer${owners === 1 ? '' : 's'} and cannot be deleted; unpublish it instead.`
		);
	}
	for (const key of [book.audio_key, book.preview_key, ...(book.cover_hash ? coverKeys(book.id, book.cover_hash) : [])]) {
		if (!key) continue;
		try {
			await deps.storage.delete(key);
		} catch (err) {
			// The row is gone and the key is derived from an upload id nobody will reuse: log, do not fail.
			deps.log.error({ err, bookId: id, key }, 'book deleted but a blob of it was not');
		}
	}
	deps.log.info({ bookId: id }, 'book deleted');
}
