/**
 * Bookmarks and clips on this device, and their way to the server. Per user and book, localStorage
 * keeps the server's last answer and a queue of changes not yet sent; what the listener sees is the
 * queue applied on top of that answer by the same merge rules as the server ($lib/marks/merge.ts),
 * so a mark made offline shows at once and survives a reload. A flush sends the queue in order, then
 * takes the server's list (which has the other devices' changes) as the new answer.
 */
import type { MarkFields } from '$lib/marks/limits';
import { mergeChange, type Mark, type MarkChange, type MarkState } from '$lib/marks/merge';
import type { Fetch, PositionStorage } from './position-sync';

export type MarksStorage = PositionStorage;

interface BookMarks {
	server: Mark[];
	queue: MarkChange[];
}

/** Enough for a long time offline; past it the oldest changes go (the server keeps their marks). */
const QUEUE_LIMIT = 500;

export const marksUrl = (bookId: string) => `/api/v1/library/${encodeURIComponent(bookId)}/marks`;
const markUrl = (bookId: string, id: string) => `${marksUrl(bookId)}/${encodeURIComponent(id)}`;
const storageKey = (userId: string) => `earshelf:marks:${userId}`;

function readAll(storage: MarksStorage, userId: string): Record<string, BookMarks> {
	try {
		const parsed: unknown = JSON.parse(storage.getItem(storageKey(userId)) ?? '{}');
		if (!parsed || typeof parsed !== 'object') return {};
		return Object.fromEntries(
			Object.entries(parsed).filter(([, v]) => v && Array.isArray((v as BookMarks).server) && Array.isArray((v as BookMarks).queue))
		) as Record<string, BookMarks>;
	} catch {
		return {}; // a damaged value: the server's copy comes back on the next flush
	}
}

function writeAll(storage: MarksStorage, userId: string, all: Record<string, BookMarks>): void {
	try {
		storage.setItem(storageKey(userId), JSON.stringify(all));
	} catch {
		/* storage full or blocked: changes still go out while online */
	}
}

function readBook(storage: MarksStorage, userId: string, bookId: string): BookMarks {
	return readAll(storage, userId)[bookId] ?? { server: [], queue: [] };
}

function updateBook(storage: MarksStorage, userId: string, bookId: string, change: (b: BookMarks) => BookMarks): void {
	const all = readAll(storage, userId);
	all[bookId] = change(all[bookId] ?? { server: [], queue: [] });
	writeAll(storage, userId, all);
}

const stateOf = (m: Mark): MarkState => ({ id: m.id, kind: m.kind, startMs: m.startMs, endMs: m.endMs, note: m.note, deleted: false, changedAt: Date.parse(m.changedAt) });

/** What the listener sees: the server's list with this device's unsent changes on top, in book order. */
export function visibleMarks(storage: MarksStorage, userId: string, bookId: string): Mark[] {
	const { server, queue } = readBook(storage, userId, bookId);
	const byId = new Map<string, { state: MarkState; createdAt: string }>(server.map((m) => [m.id, { state: stateOf(m), createdAt: m.createdAt }]));
	for (const change of queue) {
		const kept = byId.get(change.id);
		const merged = mergeChange(kept?.state, change);
		if (merged) byId.set(change.id, { state: merged, createdAt: kept?.createdAt ?? new Date(change.at).toISOString() });
	}
	return [...byId.values()]
		.filter(({ state }) => !state.deleted)
		.map(({ state, createdAt }) => ({ id: state.id, kind: state.kind, startMs: state.startMs, endMs: state.endMs, note: state.note, createdAt, changedAt: new Date(state.changedAt).toISOString() }))
		.sort((a, b) => a.startMs - b.startMs || a.createdAt.localeCompare(b.createdAt));
}

export function pendingChanges(storage: MarksStorage, userId: string, bookId: string): number {
	return readBook(storage, userId, bookId).queue.length;
}

/**
 * The change's time: now, but always after the mark's last change on this device, so two edits in
 * one millisecond (or a clock stepped back) still count in order.
 */
function changeTime(book: BookMarks, id: string, now: number): number {
	const last = Math.max(
		0,
		...book.queue.filter((c) => c.id === id).map((c) => c.at),
		...book.server.filter((m) => m.id === id).map((m) => Date.parse(m.changedAt))
	);
	return Math.max(now, last + 1);
}

/** Queues a new or edited mark; `id` is made here for a new one. */
export function queuePut(storage: MarksStorage, userId: string, bookId: string, id: string, fields: MarkFields, now = Date.now()): void {
	updateBook(storage, userId, bookId, (b) => ({ ...b, queue: [...b.queue, { op: 'put' as const, id, ...fields, at: changeTime(b, id, now) }].slice(-QUEUE_LIMIT) }));
}

export function queueDelete(storage: MarksStorage, userId: string, bookId: string, id: string, now = Date.now()): void {
	updateBook(storage, userId, bookId, (b) => ({ ...b, queue: [...b.queue, { op: 'delete' as const, id, at: changeTime(b, id, now) }].slice(-QUEUE_LIMIT) }));
}

export type FlushOutcome = 'synced' | 'queued' | 'refused';

const sameChange = (a: MarkChange, b: MarkChange) => a.id === b.id && a.at === b.at && a.op === b.op;

async function send(fetch: Fetch, bookId: string, change: MarkChange): Promise<Response> {
	const at = new Date(change.at).toISOString();
	if (change.op === 'delete') {
		return fetch(`${markUrl(bookId, change.id)}?at=${encodeURIComponent(at)}`, { method: 'DELETE', credentials: 'same-origin' });
	}
	return fetch(markUrl(bookId, change.id), {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ kind: change.kind, startMs: change.startMs, endMs: change.endMs, note: change.note, at }),
		credentials: 'same-origin'
	});
}

/**
 * Sends the book's queue in order and takes the server's list. Network failures, 401 (signed out for
 * now), 429 and 5xx stop the flush with the rest still queued; any other refusal (a limit reached,
 * 403) will not change on retry, so that change is dropped and the outcome says so.
 */
export async function flushMarks(storage: MarksStorage, fetch: Fetch, userId: string, bookId: string): Promise<FlushOutcome> {
	let refused = false;
	for (const change of readBook(storage, userId, bookId).queue) {
		let res: Response;
		try {
			res = await send(fetch, bookId, change);
		} catch {
			return 'queued';
		}
		if (res.status === 401 || res.status === 429 || res.status >= 500) return 'queued';
		if (!res.ok) refused = true;
		updateBook(storage, userId, bookId, (b) => ({ ...b, queue: b.queue.filter((c) => !sameChange(c, change)) }));
	}
	// A refused change is the news worth telling, whatever the list answers.
	const listed = await fetchServerList(storage, fetch, userId, bookId);
	return refused ? 'refused' : listed;
}

async function fetchServerList(storage: MarksStorage, fetch: Fetch, userId: string, bookId: string): Promise<FlushOutcome> {
	try {
		const res = await fetch(marksUrl(bookId), { credentials: 'same-origin', cache: 'no-store' });
		if (!res.ok) return res.status === 403 || res.status === 404 ? 'refused' : 'queued';
		const { marks } = (await res.json()) as { marks: Mark[] };
		updateBook(storage, userId, bookId, (b) => ({ ...b, server: marks }));
		return 'synced';
	} catch {
		return 'queued';
	}
}

/**
 * A new mark's id, a version 4 UUID. randomUUID exists only in secure contexts; a phone reaching a
 * test server over plain http on the local network still gets one from getRandomValues.
 */
export function newMarkId(source: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto): string {
	if (typeof source.randomUUID === 'function') return source.randomUUID();
	const bytes = source.getRandomValues(new Uint8Array(16));
	bytes[6] = (bytes[6]! & 0x0f) | 0x40;
	bytes[8] = (bytes[8]! & 0x3f) | 0x80;
	const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
