/** Where a cover's renditions live in blob storage, and writing or removing them as one set. */
import { Readable } from 'node:stream';
import { COVER_WIDTHS, type CoverWidth } from '../../covers';
import type { BlobStorage } from '../storage';
import type { CoverRenditions } from './image';

export function coverKey(bookId: string, hash: string, width: CoverWidth): string {
	return `covers/${bookId}/${hash}/${width}.webp`;
}

export function coverKeys(bookId: string, hash: string): string[] {
	return COVER_WIDTHS.map((w) => coverKey(bookId, hash, w));
}

/** Every rendition, or none: a failure part-way removes what was written. */
export async function putRenditions(storage: BlobStorage, bookId: string, renditions: CoverRenditions): Promise<void> {
	try {
		for (const file of renditions.files) {
			await storage.put(coverKey(bookId, renditions.hash, file.width), Readable.from([file.bytes]), { contentType: 'image/webp' });
		}
	} catch (err) {
		await deleteRenditions(storage, bookId, renditions.hash).catch(() => {});
		throw err;
	}
}

export async function deleteRenditions(storage: BlobStorage, bookId: string, hash: string): Promise<void> {
	for (const key of coverKeys(bookId, hash)) await storage.delete(key);
}
