/**
 * Library search in the browser: the server's answer when online, and the same search over the
 * transcripts stored with downloaded books when not (the worker keeps them beside the audio, see
 * $lib/offline/store). Both rank and cut snippets with $lib/text/transcript-match.
 */
import { AUDIO_CACHE, openOfflineDb, transcriptKey } from '$lib/offline/store';
import type { LibrarySearchHit } from '$lib/library-search';
import { searchPassages } from '$lib/text/transcript-match';
import { chapterAt, type Chapter } from '$lib/client/player/chapters';


export interface SearchAnswer {
	results: LibrarySearchHit[];
	nextOffset: number | null;
	/** Searched only the downloads on this device. */
	offline: boolean;
}

export const PAGE_SIZE = 20;

/**
 * Offline the worker answers the listening page from its copy, stored under the address without a
 * query string; the moment goes in the fragment, which is never part of a request.
 */
export const offlineListenPath = (bookId: string, atMs: number) => `/library/${encodeURIComponent(bookId)}#t=${Math.max(0, Math.round(atMs))}`;

interface StoredTranscript {
	segments: { startMs: number; endMs: number; text: string }[];
	/** Stored with the transcript since chapters existed; older downloads have none. */
	chapters?: Chapter[];
}

export interface OfflineSources {
	/** Books on this device whose transcript was stored with the download. */
	downloadedWithTranscript(): Promise<Set<string>>;
	transcript(bookId: string): Promise<StoredTranscript | null>;
}

export function browserSources(): OfflineSources {
	return {
		async downloadedWithTranscript() {
			const db = await openOfflineDb();
			const records = await db.getAll('downloads');
			return new Set(records.filter((r) => r.complete && r.hasTranscript).map((r) => r.bookId));
		},
		async transcript(bookId) {
			const res = await (await caches.open(AUDIO_CACHE)).match(transcriptKey(bookId));
			return res ? ((await res.json()) as StoredTranscript) : null;
		}
	};
}

/** Every match in the downloaded books' transcripts: phrase matches first, then in library order. */
export async function searchDownloads(
	books: readonly { id: string; title: string; author: string }[],
	q: string,
	sources: OfflineSources
): Promise<LibrarySearchHit[]> {
	const downloaded = await sources.downloadedWithTranscript();
	const found: (LibrarySearchHit & { order: number })[] = [];
	for (const book of books) {
		if (!downloaded.has(book.id)) continue;
		const transcript = await sources.transcript(book.id);
		if (!transcript) continue;
		for (const hit of searchPassages(transcript.segments, q)) {
			found.push({
				bookId: book.id,
				title: book.title,
				author: book.author,
				atMs: hit.atMs,
				chapter: transcript.chapters?.[chapterAt(transcript.chapters, hit.atMs)]?.title ?? null,
				phrase: hit.phrase,
				snippet: hit.snippet,
				listenPath: offlineListenPath(book.id, hit.atMs),
				order: found.length
			});
		}
	}
	return found.sort((a, b) => Number(b.phrase) - Number(a.phrase) || a.order - b.order).map(({ order: _order, ...hit }) => hit);
}

/**
 * The server's page of results; offline (no network, or the request could not be sent), the
 * downloads' matches instead, all at once.
 */
export async function searchLibrary(
	books: readonly { id: string; title: string; author: string }[],
	q: string,
	offset: number,
	deps: { fetch: typeof fetch; online: boolean; sources: OfflineSources }
): Promise<SearchAnswer> {
	if (deps.online) {
		let res: Response | null = null;
		try {
			res = await deps.fetch(`/api/v1/library/search?${new URLSearchParams({ q, offset: String(offset), limit: String(PAGE_SIZE) })}`, {
				credentials: 'same-origin',
				cache: 'no-store'
			});
		} catch {
			res = null; // the network went away: search the downloads
		}
		if (res) {
			if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${res.status}`);
			return { ...((await res.json()) as { results: LibrarySearchHit[]; nextOffset: number | null }), offline: false };
		}
	}
	return { results: await searchDownloads(books, q, deps.sources), nextOffset: null, offline: true };
}

/** Where the listening page should start from its address: `?t=ms` or, offline, `#t=ms`; null when neither. */
export function startFromUrl(url: URL): number | null {
	const raw = url.searchParams.get('t') ?? new URLSearchParams(url.hash.slice(1)).get('t');
	if (raw === null || !/^\d{1,10}$/.test(raw)) return null;
	return Number(raw);
}
