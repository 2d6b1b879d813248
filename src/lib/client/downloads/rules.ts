/** The pure decisions of the downloader, kept apart so they are tested without a browser. */

export type DownloadErrorKind = 'quota' | 'network' | 'gone' | 'server';

/** A download that stopped for a reason the listener can act on; `message` says what to do. */
export class DownloadError extends Error {
	constructor(
		readonly kind: DownloadErrorKind,
		message: string
	) {
		super(message);
		this.name = 'DownloadError';
	}
}


/**
 * Whether `estimate()` leaves room for `bytes` more plus 10 % (the browser counts cache metadata and
 * IndexedDB too, and other tabs may write meanwhile). An unknown quota is not room. Integer tenths, so
 * that 110 bytes free is room for 100.
 */
export function hasRoomFor(estimate: StorageEstimate, bytes: number): boolean {
	const quota = estimate.quota ?? 0;
	const usage = estimate.usage ?? 0;
	return (quota - usage) * 10 >= bytes * 11;
}

/** `Content-Range: bytes a-b/total` → numbers; null for anything else (`*`, unknown total, garbage). */
export function parseContentRange(header: string | null): { start: number; end: number; total: number } | null {
	const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header?.trim() ?? '');
	if (!m) return null;
	const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
	return start <= end && end < total ? { start, end, total } : null;
}
