/**
 * The listening position on this device, and its way to the server. Every observation is kept in
 * localStorage first (per user: a shared phone must not hand one listener's place to another), marked
 * pending until the server has it. A save that fails for want of a network stays queued, only the
 * latest per book, and goes out on the next flush (the `online` event, or the next page open).
 */

export interface ObservedPosition {
	positionMs: number;
	/** When it was observed, ISO 8601: the server keeps the newest. */
	at: string;
}

interface Entry extends ObservedPosition {
	pending: boolean;
}

export type PositionStorage = Pick<Storage, 'getItem' | 'setItem'>;
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export const positionUrl = (bookId: string) => `/api/v1/library/${encodeURIComponent(bookId)}/position`;
const storageKey = (userId: string) => `earshelf:positions:${userId}`;

function isEntry(v: unknown): v is Entry {
	const e = v as Entry;
	return !!e && Number.isInteger(e.positionMs) && e.positionMs >= 0 && typeof e.at === 'string' && !Number.isNaN(Date.parse(e.at)) && typeof e.pending === 'boolean';
}

function readEntries(storage: PositionStorage, userId: string): Record<string, Entry> {
	try {
		const parsed: unknown = JSON.parse(storage.getItem(storageKey(userId)) ?? '{}');
		if (!parsed || typeof parsed !== 'object') return {};
		return Object.fromEntries(Object.entries(parsed).filter(([, v]) => isEntry(v))) as Record<string, Entry>;
	} catch {
		return {}; // a damaged value is worth less than a working player
	}
}

function writeEntries(storage: PositionStorage, userId: string, entries: Record<string, Entry>): void {
	try {
		storage.setItem(storageKey(userId), JSON.stringify(entries));
	} catch {
		/* storage full or blocked: the server copy still resumes other devices */
	}
}

export function localPosition(storage: PositionStorage, userId: string, bookId: string): ObservedPosition | null {
	const e = readEntries(storage, userId)[bookId];
	return e ? { positionMs: e.positionMs, at: e.at } : null;
}

export function pendingBooks(storage: PositionStorage, userId: string): string[] {
	return Object.entries(readEntries(storage, userId))
		.filter(([, e]) => e.pending)
		.map(([id]) => id);
}

/** Keeps an observation on this device, to be sent; an older one than the kept copy is ignored. */
export function recordPosition(storage: PositionStorage, userId: string, bookId: string, positionMs: number, at: Date): void {
	const entries = readEntries(storage, userId);
	const kept = entries[bookId];
	if (kept && Date.parse(kept.at) > at.getTime()) return;
	entries[bookId] = { positionMs: Math.max(0, Math.round(positionMs)), at: at.toISOString(), pending: true };
	writeEntries(storage, userId, entries);
}

/** The newer of two positions (the server's `updatedAt` is its observation time); ties go to `a`. */
export function newerPosition(a: ObservedPosition | null, b: ObservedPosition | null): ObservedPosition | null {
	if (!a || !b) return a ?? b;
	return Date.parse(b.at) > Date.parse(a.at) ? b : a;
}

export type SendOutcome = 'nothing' | 'sent' | 'queued' | 'refused';

/**
 * Sends the book's pending position. `keepalive` lets the request outlive the page (pagehide, the
 * update reload). Network failures, 401 (signed out for now), 429 and 5xx keep it queued; any other
 * refusal (403, 404, 400) will not change on retry, so it is dropped.
 */
export async function sendPosition(
	storage: PositionStorage,
	fetch: Fetch,
	userId: string,
	bookId: string,
	opts: { keepalive?: boolean } = {}
): Promise<SendOutcome> {
	const entry = readEntries(storage, userId)[bookId];
	if (!entry?.pending) return 'nothing';
	let res: Response;
	try {
		res = await fetch(positionUrl(bookId), {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ positionMs: entry.positionMs, at: entry.at }),
			credentials: 'same-origin',
			keepalive: opts.keepalive ?? false
		});
	} catch {
		return 'queued';
	}
	if (res.status === 401 || res.status === 429 || res.status >= 500) return 'queued';
	// Settled either way, unless a newer observation was recorded while the request was out.
	const now = readEntries(storage, userId);
	if (now[bookId]?.at === entry.at) {
		now[bookId] = { ...now[bookId]!, pending: false };
		writeEntries(storage, userId, now);
	}
	return res.ok ? 'sent' : 'refused';
}

/** Sends every queued position of this user. */
export async function flushPositions(storage: PositionStorage, fetch: Fetch, userId: string): Promise<Record<string, SendOutcome>> {
	const outcomes: Record<string, SendOutcome> = {};
	for (const bookId of pendingBooks(storage, userId)) outcomes[bookId] = await sendPosition(storage, fetch, userId, bookId);
	return outcomes;
}
