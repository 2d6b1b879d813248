/**
 * The buyer's library: the books they own, and access to their full audio (streamed through the app
 * with Range, or as a short-lived presigned URL when storage is S3), and where they are in each book.
 * Owners and admins only.
 */
import { readChapters } from '../chapters';
import type { PublicUser } from '../auth/service';
import type { Db } from '../db';
import { forbidden, invalidInput, notFound } from '../errors';
import type { BlobStorage } from '../storage';
import { categoriesOfBooks } from '../catalog/browse.repository';
import { coverUrlBase } from '../covers/service';
import { firstCategorySlug } from '../covers/palette';
import { findBookAudio, listOwnedBooks, ownedAmong } from './library.repository';
import { findPosition, upsertNewerPosition } from './positions.repository';

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
	/** The cover's URL folder (src/lib/covers.ts). */
	cover: string;
}

export async function listLibrary(db: Db, userId: string): Promise<LibraryBook[]> {
	const rows = await listOwnedBooks(db, userId);
	const categories = await categoriesOfBooks(db, rows.map((r) => r.id));
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
		audioPath: audioPath(r.id),
		cover: coverUrlBase(r, firstCategorySlug(categories.get(r.id) ?? []))
	}));
}

export const audioPath = (bookId: string) => `/api/v1/library/${encodeURIComponent(bookId)}/audio`;
/** The transcript as JSON segments (the listening page's panel; cached for offline listening). */
export const transcriptPath = (bookId: string) => `/api/v1/library/${encodeURIComponent(bookId)}/transcript.json`;
export const positionPath = (bookId: string) => `/api/v1/library/${encodeURIComponent(bookId)}/position`;

export async function owns(db: Db, userId: string, bookId: string): Promise<boolean> {
	return (await ownedAmong(db, userId, [bookId])).has(bookId);
}

export interface ListenableAudio {
	key: string;
	contentType: string;
	/** A safe, descriptive file name for downloads: "Title - Author.mp3". */
	downloadName: string;
}

/** The book, for its owner or an admin; 404 for an unknown id, 403 for anyone else (marks use it too). */
export async function listenableBook(db: Db, user: PublicUser, bookId: string) {
	const book = await findBookAudio(db, bookId);
	if (!book) throw notFound('No book has this id.');
	if (user.role !== 'admin' && !(await owns(db, user.id, bookId))) {
		throw forbidden('Buy this book to listen to all of it. Its preview is free on the book page.');
	}
	return book;
}

/** The full audio of a book, for its owner or an admin; 404 for an unknown id, 403 for anyone else. */
export async function authorizeListening(db: Db, user: PublicUser, bookId: string): Promise<ListenableAudio> {
	const book = await listenableBook(db, user, bookId);
	const categories = (await categoriesOfBooks(db, [bookId])).get(bookId) ?? [];
	return { key: book.audio_key, contentType: book.audio_mime, downloadName: downloadName(book.title, book.author, book.audio_format) };
}

export interface ListeningPosition {
	positionMs: number;
	/** When the position was observed (ISO 8601); null when the listener has not started the book. */
	updatedAt: string | null;
}

const toPosition = (row: { position_ms: number; observed_at: number } | undefined): ListeningPosition =>
	row ? { positionMs: Number(row.position_ms), updatedAt: new Date(Number(row.observed_at)).toISOString() } : { positionMs: 0, updatedAt: null };

/**
 * How far past the stored duration a position may be: ffprobe's duration and the browser's can
 * differ by a frame or two, and a player paused at its very end reports the browser's.
 */
export const POSITION_SLACK_MS = 5_000;

export async function readPosition(db: Db, user: PublicUser, bookId: string): Promise<ListeningPosition> {
	await listenableBook(db, user, bookId);
	return toPosition(await findPosition(db, user.id, bookId));
}

/**
 * Records where the listener is, unless a later observation is already stored (a phone that was
 * offline sends its queue late); answers with the position that stands. An observation time in
 * the future counts as now, so a device with a clock set ahead cannot pin the book in place.
 */
export async function savePosition(
	db: Db,
	user: PublicUser,
	bookId: string,
	input: { positionMs: number; at: string },
	now: number
): Promise<ListeningPosition> {
	const book = await listenableBook(db, user, bookId);
	const durationMs = Number(book.duration_ms);
	if (input.positionMs > durationMs + POSITION_SLACK_MS) {
		throw invalidInput(`positionMs: ${input.positionMs} is past the end of the book (${durationMs} ms).`, 'positionMs');
	}
	const observedAt = Math.min(Date.parse(input.at), now);
	await upsertNewerPosition(db, { userId: user.id, bookId, positionMs: Math.min(input.positionMs, durationMs), observedAt, now });
	return toPosition(await findPosition(db, user.id, bookId));
}

/** What the listening page needs: the book, where its audio and transcript are, and the saved position. */
export async function listeningSession(db: Db, user: PublicUser, bookId: string) {
	const book = await listenableBook(db, user, bookId);
	const categories = (await categoriesOfBooks(db, [bookId])).get(bookId) ?? [];
	return {
		book: {
			id: book.id,
			title: book.title,
			author: book.author,
			narrator: book.narrator,
			durationMs: Number(book.duration_ms),
			audioPath: audioPath(book.id),
			transcriptPath: transcriptPath(book.id),
			positionPath: positionPath(book.id),
			cover: coverUrlBase(book, firstCategorySlug(categories))
		},
		position: toPosition(await findPosition(db, user.id, bookId)),
		chapters: await readChapters(db, bookId)
	};
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
