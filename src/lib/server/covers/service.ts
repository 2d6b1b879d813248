/**
 * A book's cover, end to end: an admin replaces or removes it, the upload takes it from the audio file,
 * pages ask for its URL, and buyers' browsers fetch its renditions. Blobs are written before the row
 * points at them and removed after it stops pointing at them, so a reader never meets a missing
 * rendition, and a refused or failed change leaves storage and database as they were.
 */
import { coverBase, type CoverWidth } from '../../covers';
import { conflict, notFound, unavailable } from '../errors';
import type { Logger } from '../log';
import { StorageUnavailableError, type BlobStorage } from '../storage';
import type { Db } from '../db';
import type { CoverSource } from '../db/schema';
import { deleteRenditions, putRenditions } from './blobs';
import { findCoverRow, swapCover, type CoverRow } from './covers.repository';
import { drawnCoverToken } from './drawn';
import { renderCover, type CoverRenditions } from './image';

export interface CoverDeps {
	db: Db;
	storage: BlobStorage;
	log: Logger;
	clock: () => number;
}

/** The URL folder of a book's cover: its stored renditions, or the drawn one. */
export function coverUrlBase(book: { id: string; title: string; author: string; cover_hash: string | null }, firstCategorySlug: string | null): string {
	const token = book.cover_hash ?? drawnCoverToken({ title: book.title, author: book.author, categorySlug: firstCategorySlug });
	return coverBase(book.id, token);
}

/** Decodes and checks the image, stores its renditions and makes them the book's cover. */
export async function replaceCover(deps: CoverDeps, bookId: string, image: Buffer, source: CoverSource = 'upload'): Promise<{ cover: string }> {
	const before = await findCoverRow(deps.db, bookId);
	if (!before) throw notFound('No book has this id.');
	const renditions = await renderCover(image);
	if (renditions.hash === before.cover_hash) return { cover: coverUrlBase(before, before.first_category) };
	await storageCall(() => putRenditions(deps.storage, bookId, renditions));
	let swapped = false;
	try {
		swapped = await swapCover(deps.db, bookId, before.cover_hash, { hash: renditions.hash, source }, deps.clock());
	} finally {
		if (!swapped) await discard(deps, bookId, renditions.hash);
	}
	if (!swapped) throw conflict('The cover changed while this one was being saved; reload the page and try again.');
	if (before.cover_hash) await discard(deps, bookId, before.cover_hash);
	deps.log.info({ bookId, hash: renditions.hash, source }, 'cover replaced');
	return { cover: coverUrlBase({ ...before, cover_hash: renditions.hash }, before.first_category) };
}

/** The book goes back to a drawn cover; its stored renditions are deleted. */
export async function removeCover(deps: CoverDeps, bookId: string): Promise<{ cover: string }> {
	const before = await findCoverRow(deps.db, bookId);
	if (!before) throw notFound('No book has this id.');
	if (before.cover_hash) {
		if (!(await swapCover(deps.db, bookId, before.cover_hash, null, deps.clock()))) {
			throw conflict('The cover changed meanwhile; reload the page and try again.');
		}
		await discard(deps, bookId, before.cover_hash);
		deps.log.info({ bookId }, 'cover removed');
	}
	return { cover: coverUrlBase({ ...before, cover_hash: null }, before.first_category) };
}

/** For a new book, before its row exists: the renditions go to storage; the caller writes the hash. */
export async function stageCover(storage: BlobStorage, bookId: string, renditions: CoverRenditions): Promise<void> {
	await storageCall(() => putRenditions(storage, bookId, renditions));
}

export async function deleteCoverBlobs(deps: Pick<CoverDeps, 'storage' | 'log'>, bookId: string, hash: string): Promise<void> {
	await discard(deps, bookId, hash);
}

export type CoverLookup =
	| { kind: 'stored'; row: CoverRow; hash: string }
	| { kind: 'drawn'; row: CoverRow };

/** What a cover URL names, or null when it is not (or no longer) the book's cover. */
export async function lookUpCover(db: Db, bookId: string, token: string): Promise<CoverLookup | null> {
	const row = await findCoverRow(db, bookId);
	if (!row) return null;
	if (row.cover_hash) return token === row.cover_hash ? { kind: 'stored', row, hash: row.cover_hash } : null;
	const drawn = drawnCoverToken({ title: row.title, author: row.author, categorySlug: row.first_category });
	return token === drawn ? { kind: 'drawn', row } : null;
}

export type { CoverWidth };

async function discard(deps: Pick<CoverDeps, 'storage' | 'log'>, bookId: string, hash: string): Promise<void> {
	try {
		await deleteRenditions(deps.storage, bookId, hash);
	} catch (err) {
		deps.log.error({ err, bookId, hash }, 'could not delete the renditions of a cover');
	}
}

async function storageCall<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (err) {
		if (err instanceof StorageUnavailableError) throw unavailable('Storage is not available right now; try again in a minute.');
		throw err;
	}
}
