/**
 * Downloads one book into the offline store: chunk by chunk with `Range` (and `If-Range`, so a file
 * replaced on the server restarts cleanly instead of mixing two files), resuming at the first missing
 * chunk, refusing up front when the phone lacks the space, and rolling the book back when a write hits
 * the quota. The record is marked complete only when every chunk is stored at its planned size.
 */
import * as m from '$lib/paraglide/messages';
import {
	CHUNK_SIZE,
	chunkAt,
	chunkCount,
	firstMissingChunk,
	formatMegabytes,
	isComplete,
	rangeHeaderFor,
	remainingBytes
} from '$lib/offline/chunks';
import { COVER_WIDTHS, coverSrc } from '$lib/covers';
import {
	AUDIO_CACHE,
	COVERS_CACHE,
	audioUrl,
	coverBookId,
	chunkKey,
	parseChunkKey,
	transcriptKey,
	transcriptUrl,
	type DownloadRecord,
	type OfflineDb
} from '$lib/offline/store';
import { DownloadError, hasRoomFor, parseContentRange } from './rules';

export interface DownloadDeps {
	db: OfflineDb;
	caches: CacheStorage;
	storage: Pick<StorageManager, 'estimate'>;
	fetch: typeof fetch;
	now: () => number;
}

export interface Progress {
	/** Bytes stored plus bytes of the chunk in flight. */
	done: number;
	total: number;
}

export interface DownloadOptions {
	bookId: string;
	/** The size the library reported, for the space check before the first request. */
	expectedSize: number;
	/** The cover's URL folder (book.cover): its renditions are kept with the book. */
	cover?: string;
	signal?: AbortSignal;
	onProgress?: (p: Progress) => void;
}

/** Indexes and sizes of the chunks stored for a book. */
export async function storedChunks(cache: Cache, bookId: string): Promise<Map<number, number>> {
	const sizes = new Map<number, number>();
	for (const req of await cache.keys()) {
		const key = parseChunkKey(new URL(req.url).pathname);
		if (!key || key.bookId !== bookId) continue;
		const res = await cache.match(req);
		const length = Number(res?.headers.get('content-length'));
		if (res && Number.isFinite(length)) sizes.set(key.index, length);
	}
	return sizes;
}

/** Deletes everything stored for a book: chunks, transcript and record. */
export async function removeBook(deps: Pick<DownloadDeps, 'db' | 'caches'>, bookId: string): Promise<void> {
	const cache = await deps.caches.open(AUDIO_CACHE);
	const keys = await cache.keys();
	await Promise.all(
		keys.filter((req) => parseChunkKey(new URL(req.url).pathname)?.bookId === bookId).map((req) => cache.delete(req))
	);
	await cache.delete(transcriptKey(bookId));
	const covers = await deps.caches.open(COVERS_CACHE);
	await Promise.all(
		(await covers.keys()).filter((req) => coverBookId(new URL(req.url).pathname) === bookId).map((req) => covers.delete(req))
	);
	await deps.db.delete('downloads', bookId);
}

/** Whether a book can be played from the store: its record is complete and every chunk is there at its size. */
export async function isPlayable(deps: Pick<DownloadDeps, 'db' | 'caches'>, bookId: string): Promise<boolean> {
	const record = await deps.db.get('downloads', bookId);
	if (!record?.complete) return false;
	const cache = await deps.caches.open(AUDIO_CACHE);
	return isComplete(record.total, await storedChunks(cache, bookId), record.chunkSize);
}

const isQuotaError = (e: unknown) => e instanceof DOMException && e.name === 'QuotaExceededError';

/** Downloads (or resumes) a book; resolves with the complete record, or throws a DownloadError / AbortError. */
export async function downloadBook(deps: DownloadDeps, opts: DownloadOptions): Promise<DownloadRecord> {
	const { db, now } = deps;
	const cache = await deps.caches.open(AUDIO_CACHE);
	let record = await db.get('downloads', opts.bookId);
	const stored = await storedChunks(cache, opts.bookId);
	if (record?.complete) {
		if (isComplete(record.total, stored, record.chunkSize)) return record;
		// Chunks went missing after completion (the browser cleared some storage): fetch them again.
		record = { ...record, complete: false, completedAt: null };
		await db.put('downloads', record);
	}

	let next = record ? firstMissingChunk(chunkCount(record.total, record.chunkSize), stored.keys()) : 0;
	const left = record ? remainingBytes(record.total, next, record.chunkSize) : opts.expectedSize;
	// Checked before anything is written, so a refusal leaves no trace.
	const estimate = await deps.storage.estimate();
	if (!hasRoomFor(estimate, left)) throw notEnoughSpace(estimate, left);

	try {
		while (!record || next < chunkCount(record.total, record.chunkSize)) {
			const chunk = chunkAt(next, record?.total ?? Number.MAX_SAFE_INTEGER, CHUNK_SIZE);
			const headers: Record<string, string> = { range: rangeHeaderFor(chunk) };
			if (record?.etag) headers['if-range'] = record.etag;
			let res: Response;
			try {
				res = await deps.fetch(audioUrl(opts.bookId), { headers, signal: opts.signal, cache: 'no-store' });
			} catch (e) {
				throw networkLost(e, opts.signal);
			}
			if (res.status === 403 || res.status === 404) {
				await res.body?.cancel();
				throw new DownloadError('gone', m.download_error_gone());
			}
			if (res.status === 200 && record) {
				// If-Range did not match: the file on the server changed. Start over from the new file.
				await res.body?.cancel();
				await removeBook(deps, opts.bookId);
				return downloadBook(deps, { ...opts, expectedSize: Number(res.headers.get('content-length')) || record.total });
			}
			const range = res.status === 206 ? parseContentRange(res.headers.get('content-range')) : null;
			if (!range) {
				await res.body?.cancel();
				throw new DownloadError('server', m.download_error_status({ status: res.status }));
			}
			if (!record) {
				const estimate = range.total === opts.expectedSize ? null : await deps.storage.estimate();
				if (estimate && !hasRoomFor(estimate, range.total)) {
					await res.body?.cancel();
					throw notEnoughSpace(estimate, range.total);
				}
				const at = now();
				record = {
					bookId: opts.bookId,
					url: audioUrl(opts.bookId),
					total: range.total,
					etag: res.headers.get('etag'),
					contentType: res.headers.get('content-type') ?? 'audio/mpeg',
					chunkSize: CHUNK_SIZE,
					chunksDone: 0,
					complete: false,
					hasTranscript: false,
					startedAt: at,
					updatedAt: at,
					completedAt: null
				};
				await db.put('downloads', record);
			}
			const want = chunkAt(next, record.total, record.chunkSize);
			if (range.start !== want.start || range.end !== want.end || range.total !== record.total) {
				await res.body?.cancel();
				throw new DownloadError('server', m.download_error_wrong_part());
			}
			const base = next * record.chunkSize;
			const total = record.total;
			const body = await readBody(res, want.end - want.start + 1, opts.signal, (n) => opts.onProgress?.({ done: base + n, total }));
			await cache.put(
				chunkKey(opts.bookId, next),
				new Response(body, { headers: { 'content-type': record.contentType, 'content-length': String(body.size) } })
			);
			next += 1;
			record = { ...record, chunksDone: next, updatedAt: now() };
			await db.put('downloads', record);
		}

		record = { ...record, hasTranscript: await storeTranscript(deps, cache, opts) };
		if (opts.cover) await storeCover(deps, opts.cover, opts.signal);
		if (!isComplete(record.total, await storedChunks(cache, opts.bookId), record.chunkSize)) {
			throw new DownloadError('network', m.download_error_missing_part());
		}
		record = { ...record, complete: true, completedAt: now(), updatedAt: now() };
		await db.put('downloads', record);
		opts.onProgress?.({ done: record.total, total: record.total });
		return record;
	} catch (e) {
		if (isQuotaError(e)) {
			// A half-stored book is useless and holds the space the listener needs: give it all back.
			await removeBook(deps, opts.bookId).catch(() => {});
			throw new DownloadError('quota', m.download_error_quota_during());
		}
		throw e;
	}
}

/** The book's transcript, stored beside the audio; false when it has none yet (404). */
async function storeTranscript(deps: DownloadDeps, cache: Cache, opts: DownloadOptions): Promise<boolean> {
	let res: Response;
	try {
		res = await deps.fetch(transcriptUrl(opts.bookId), { signal: opts.signal, cache: 'no-store' });
	} catch (e) {
		throw networkLost(e, opts.signal);
	}
	if (res.status === 404) {
		await res.body?.cancel();
		return false;
	}
	if (!res.ok) {
		await res.body?.cancel();
		throw new DownloadError('server', m.download_error_transcript({ status: res.status }));
	}
	await cache.put(transcriptKey(opts.bookId), res);
	return true;
}

/**
 * The cover's renditions, kept beside the book. A cover that does not arrive does not fail the
 * download (the book plays without it; the page then shows the tile behind the picture).
 */
async function storeCover(deps: DownloadDeps, base: string, signal: AbortSignal | undefined): Promise<void> {
	const covers = await deps.caches.open(COVERS_CACHE);
	for (const width of COVER_WIDTHS) {
		const url = coverSrc(base, width);
		if (await covers.match(url)) continue;
		try {
			const res = await deps.fetch(url, { signal });
			if (res.ok) await covers.put(url, res);
			else await res.body?.cancel();
		} catch (e) {
			if (signal?.aborted) throw signal.reason ?? e;
			if (isQuotaError(e)) throw e;
		}
	}
}

/** The whole body as a Blob of exactly `length` bytes, reporting bytes read so far. */
async function readBody(res: Response, length: number, signal: AbortSignal | undefined, onBytes: (n: number) => void): Promise<Blob> {
	const parts: Uint8Array[] = [];
	let read = 0;
	try {
		const reader = res.body!.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			parts.push(value);
			read += value.byteLength;
			onBytes(read);
		}
	} catch (e) {
		throw networkLost(e, signal);
	}
	if (read !== length) throw new DownloadError('network', m.download_error_connection_lost());
	return new Blob(parts as BlobPart[]);
}

function notEnoughSpace(estimate: StorageEstimate, bytes: number): DownloadError {
	const free = Math.max(0, (estimate.quota ?? 0) - (estimate.usage ?? 0));
	return new DownloadError(
		'quota',
		m.download_error_not_enough_space({ needed: formatMegabytes(bytes * 1.1), free: formatMegabytes(free) })
	);
}

function networkLost(e: unknown, signal: AbortSignal | undefined): unknown {
	if (signal?.aborted) return signal.reason ?? e;
	return new DownloadError('network', m.download_error_connection_lost());
}
