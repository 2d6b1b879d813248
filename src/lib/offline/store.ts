/**
 * Where downloaded books live on the phone, shared by the page (which writes them) and the service
 * worker (which reads them). A per-book record in IndexedDB says what was downloaded; the bytes are
 * chunk entries in one Cache Storage cache whose name does not change with the app version, so an
 * update never deletes downloads (the worker's activate sweep touches only `shell-*`).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const AUDIO_CACHE = 'audio-v1';
/**
 * Covers of downloaded books, under their own (immutable) URLs, so the library, the player and the
 * lock screen show them offline. Stable name, like AUDIO_CACHE: an app update keeps them.
 */
export const COVERS_CACHE = 'covers-v1';
/** `/covers/<book id>/…`: the book a cover URL belongs to. */
export function coverBookId(pathname: string): string | null {
	const m = /^\/covers\/([^/]+)\/[^/]+\/[^/]+$/.exec(pathname);
	return m?.[1] ? decodeURIComponent(m[1]) : null;
}
/** Pages the signed-in user visited, for reading them offline; cleared on sign-out. */
export const PAGES_CACHE = 'pages-v1';
/** Shown for a page never visited while online. A static file, so it is in every version's precache. */
export const OFFLINE_PAGE = '/offline.html';

/** The audio endpoint the player uses; the worker answers it from the store for complete books. */
export const audioUrl = (bookId: string) => `/api/v1/library/${encodeURIComponent(bookId)}/audio`;
export const transcriptUrl = (bookId: string) => `/api/v1/library/${encodeURIComponent(bookId)}/transcript.json`;

/**
 * Cache keys are our own stable URLs, not the endpoint's: the Cache API matches whole URLs and refuses
 * 206 answers, so each chunk is stored as a 200 under its own key.
 */
export const chunkKey = (bookId: string, index: number) => `/offline/audio/${encodeURIComponent(bookId)}/${index}`;
export const transcriptKey = (bookId: string) => `/offline/transcript/${encodeURIComponent(bookId)}`;
const CHUNK_KEY = /\/offline\/audio\/([^/]+)\/(\d+)$/;
/** The book and chunk index a cache key names, or null for other entries. */
export function parseChunkKey(url: string): { bookId: string; index: number } | null {
	const m = CHUNK_KEY.exec(url);
	return m?.[1] && m[2] ? { bookId: decodeURIComponent(m[1]), index: Number(m[2]) } : null;
}

export interface DownloadRecord {
	bookId: string;
	/** The endpoint the bytes came from (and the URL the worker answers). */
	url: string;
	/** Bytes of the whole file, from the server's Content-Range. */
	total: number;
	/** The server's validator; sent as If-Range so a replaced file restarts the download. */
	etag: string | null;
	contentType: string;
	chunkSize: number;
	/** How many chunks are stored (they are fetched in order, so indexes 0…chunksDone-1). */
	chunksDone: number;
	/** Set only after every chunk was written and the sizes were checked against `total`. */
	complete: boolean;
	/** Whether the book had a transcript when it was downloaded (404 then is normal: not transcribed yet). */
	hasTranscript: boolean;
	startedAt: number;
	updatedAt: number;
	completedAt: number | null;
}

interface OfflineSchema extends DBSchema {
	downloads: { key: string; value: DownloadRecord };
}

export type OfflineDb = IDBPDatabase<OfflineSchema>;

export function openOfflineDb(): Promise<OfflineDb> {
	return openDB<OfflineSchema>('earshelf-offline', 1, {
		upgrade(db) {
			db.createObjectStore('downloads', { keyPath: 'bookId' });
		}
	});
}
