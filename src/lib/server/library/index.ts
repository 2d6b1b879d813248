/**
 * The buyer's library: the books they own, and access to their full audio (streamed through the app
 * with Range, or as a short-lived presigned URL when storage is S3). Owners and admins only.
 */
import type { PublicUser } from '../auth/service';
import type { Db } from '../db';
import { forbidden, notFound } from '../errors';
import type { BlobStorage } from '../storage';
import { findBookAudio, listOwnedBooks, ownedAmong } from './library.repository';

export { grantOwnerships, ownedAmong } from './library.repository';

export interface LibraryBook {
	id: string;
	title: string;
	author: string;
	narrator: string | null;
	durationMs: number;
	audioFormat: string;
	audioSize: number;
	orderId: string;
	acquiredAt: number;
	/** The app route that streams the whole book (Range supported). */
	audioPath: string;
}

export async function listLibrary(db: Db, userId: string): Promise<LibraryBook[]> {
	const rows = await listOwnedBooks(db, userId);
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		author: r.author,
		narrator: r.narrator,
		durationMs: Number(r.duration_ms),
		audioFormat: r.audio_format,
		audioSize: Number(r.audio_size),
		orderId: r.order_id,
		acquiredAt: Number(r.granted_at),
		audioPath: audioPath(r.id)
	}));
}

export const audioPath = (bookId: string) => `/api/v1/library/${encodeURIComponent(bookId)}/audio`;

export async function owns(db: Db, userId: string, bookId: string): Promise<boolean> {
	return (await ownedAmong(db, userId, [bookId])).has(bookId);
}

export interface ListenableAudio {
	key: string;
	contentType: string;
	/** A safe, descriptive file name for downloads: "Title - Author.mp3". */
	downloadName: string;
}

/** The full audio of a book, for its owner or an admin; 404 for an unknown id, 403 for anyone else. */
export async function authorizeListening(db: Db, user: PublicUser, bookId: string): Promise<ListenableAudio> {
	const book = await findBookAudio(db, bookId);
	if (!book) throw notFound('No book has this id.');
	if (user.role !== 'admin' && !(await owns(db, user.id, bookId))) {
		throw forbidden('Buy this book to listen to all of it. Its preview is free on the book page.');
	}
	return { key: book.audio_key, contentType: book.audio_mime, downloadName: downloadName(book.title, book.author, book.audio_format) };
}

/**
 * A presigned direct URL (S3) valid for ttlSeconds, or null when the backend has none (local disk):
 * then clients use the app route, which checks access on every request.
 */
export async function directAudioUrl(storage: BlobStorage, audio: ListenableAudio, ttlSeconds: number): Promise<string | null> {
	return storage.presignGet(audio.key, { expiresInSeconds: ttlSeconds, downloadName: audio.downloadName, contentType: audio.contentType });
}

/** Path separators, controls and reserved characters become spaces; content-disposition encodes the rest. */
export function downloadName(title: string, author: string, format: string): string {
	const clean = (s: string) => s.normalize('NFC').replace(/[\p{Cc}\p{Cf}/\\:*?"<>|]+/gu, ' ').replace(/\s+/g, ' ').trim();
	const base = clean(`${title} - ${author}`).replace(/^[.\s]+/, '').slice(0, 150).trim() || 'audiobook';
	const ext = /^[a-z0-9]{1,8}$/i.test(format) ? format.toLowerCase() : 'audio';
	return `${base}.${ext}`;
}
