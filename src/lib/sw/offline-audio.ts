/**
 * The worker's side of downloads: `<audio>` requests for a downloaded book are answered from the
 * chunk store, online or not (a downloaded book that still streams wastes data and fails in a tunnel),
 * and the stored transcript stands in for the network when it is unreachable.
 */
import { AUDIO_CACHE, chunkKey, openOfflineDb, transcriptKey, type OfflineDb } from '../offline/store';
import { chunkedRangeResponse } from './range';

const AUDIO = /^\/api\/v1\/library\/([^/]+)\/audio$/;
const TRANSCRIPT = /^\/api\/v1\/library\/([^/]+)\/transcript\.json$/;

let db: Promise<OfflineDb> | null = null;
const offlineDb = () => (db ??= openOfflineDb());

/** The book id when `url` is the player's audio URL (the `?download=1` attachment is left to the server). */
export function audioBookId(url: URL): string | null {
	const m = AUDIO.exec(url.pathname);
	return m?.[1] && url.search === '' ? decodeURIComponent(m[1]) : null;
}

export function transcriptBookId(url: URL): string | null {
	const m = TRANSCRIPT.exec(url.pathname);
	return m?.[1] ? decodeURIComponent(m[1]) : null;
}

/** The stored book's answer to this request, or null when the book is not (completely) downloaded. */
export async function audioFromStore(request: Request, bookId: string): Promise<Response | null> {
	const record = await (await offlineDb()).get('downloads', bookId);
	if (!record?.complete) return null;
	const cache = await caches.open(AUDIO_CACHE);
	return chunkedRangeResponse(
		{
			total: record.total,
			chunkSize: record.chunkSize,
			read: async (index) => (await cache.match(chunkKey(bookId, index)))?.blob()
		},
		request.headers.get('range'),
		{ contentType: record.contentType, headers: record.etag ? { ETag: record.etag } : undefined }
	);
}

/** Audio for a downloaded book from the store, else the network. */
export async function answerAudio(request: Request, bookId: string): Promise<Response> {
	return (await audioFromStore(request, bookId).catch(() => null)) ?? fetch(request);
}

/**
 * The transcript from the network when it answers (keeping a downloaded book's copy fresh, since a
 * transcript can be redone), else the copy stored with the download.
 */
export async function answerTranscript(request: Request, bookId: string): Promise<Response> {
	const cache = await caches.open(AUDIO_CACHE);
	try {
		const res = await fetch(request);
		if (res.ok && (await (await offlineDb()).get('downloads', bookId))?.complete) {
			await cache.put(transcriptKey(bookId), res.clone());
		}
		return res;
	} catch (e) {
		const stored = await cache.match(transcriptKey(bookId));
		if (stored) return stored;
		throw e;
	}
}
