import { describe, expect, it } from 'vitest';
import { mergeChange, type Mark, type MarkState } from '$lib/marks/merge';
import { flushMarks, marksUrl, newMarkId, pendingChanges, queueDelete, queuePut, visibleMarks } from './marks-sync';
import type { Fetch } from './position-sync';

function memory() {
	const m = new Map<string, string>();
	return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

/** One book's marks API as the real one behaves (its merge rules, tombstones), that can go offline or answer a status. */
function server(bookId: string) {
	const rows = new Map<string, MarkState & { createdAt: number }>();
	let mode: 'online' | 'offline' | 'status' = 'online';
	let status = 200;
	const live = (): Mark[] =>
		[...rows.values()]
			.filter((r) => !r.deleted)
			.sort((a, b) => a.startMs - b.startMs)
			.map((r) => ({ id: r.id, kind: r.kind, startMs: r.startMs, endMs: r.endMs, note: r.note, createdAt: new Date(r.createdAt).toISOString(), changedAt: new Date(r.changedAt).toISOString() }));
	const fetch: Fetch = async (url, init) => {
		if (mode === 'offline') throw new TypeError('Failed to fetch');
		if (mode === 'status') return new Response('{}', { status });
		const u = new URL(url, 'http://x');
		if (u.pathname === marksUrl(bookId)) return Response.json({ marks: live() });
		const id = decodeURIComponent(u.pathname.split('/').at(-1)!);
		const stored = rows.get(id);
		const merged =
			init.method === 'DELETE'
				? mergeChange(stored, { op: 'delete', id, at: Date.parse(u.searchParams.get('at')!) })
				: (() => {
						const body = JSON.parse(String(init.body));
						return mergeChange(stored, { op: 'put', id, kind: body.kind, startMs: body.startMs, endMs: body.endMs, note: body.note, at: Date.parse(body.at) });
					})();
		if (merged) rows.set(id, { ...merged, createdAt: stored?.createdAt ?? merged.changedAt });
		return Response.json({ mark: null });
	};
	return { fetch, rows, offline: () => (mode = 'offline'), online: () => (mode = 'online'), answer: (s: number) => ((mode = 'status'), (status = s)) };
}

const B = 'book-1';
const bookmark = (startMs: number, note = '') => ({ kind: 'bookmark' as const, startMs, endMs: null, note });
const clip = (startMs: number, endMs: number, note = '') => ({ kind: 'clip' as const, startMs, endMs, note });

describe('marks sync', () => {
	it('shows a mark made offline at once, keeps it queued, and sends it when back online', async () => {
		const api = server(B);
		const phone = memory();
		api.offline();
		queuePut(phone, 'u1', B, 'm1', clip(1_000, 31_000, 'offline clip'), 1_000);
		expect(visibleMarks(phone, 'u1', B)).toMatchObject([{ id: 'm1', kind: 'clip', note: 'offline clip' }]);
		expect(await flushMarks(phone, api.fetch, 'u1', B)).toBe('queued');
		expect(pendingChanges(phone, 'u1', B)).toBe(1);

		api.online();
		expect(await flushMarks(phone, api.fetch, 'u1', B)).toBe('synced');
		expect(pendingChanges(phone, 'u1', B)).toBe(0);
		expect(api.rows.get('m1')).toMatchObject({ note: 'offline clip', deleted: false });
		expect(visibleMarks(phone, 'u1', B)).toMatchObject([{ id: 'm1', note: 'offline clip' }]);
	});

	it('brings another device’s marks, and keeps each user’s marks apart on a shared phone', async () => {
		const api = server(B);
		const [a, b] = [memory(), memory()];
		queuePut(a, 'u1', B, 'm1', bookmark(5_000, 'from A'), 1_000);
		await flushMarks(a, api.fetch, 'u1', B);
		expect(visibleMarks(b, 'u1', B)).toEqual([]);
		await flushMarks(b, api.fetch, 'u1', B);
		expect(visibleMarks(b, 'u1', B)).toMatchObject([{ id: 'm1', note: 'from A' }]);
		expect(visibleMarks(b, 'u2', B)).toEqual([]);
	});

	it('does not let a stale edit from one phone undo a delete made on another', async () => {
		const api = server(B);
		const [a, b] = [memory(), memory()];
		queuePut(a, 'u1', B, 'm1', bookmark(5_000, 'shared'), 1_000);
		await flushMarks(a, api.fetch, 'u1', B);
		await flushMarks(b, api.fetch, 'u1', B);
		// Both offline: A deletes, B edits later.
		queueDelete(a, 'u1', B, 'm1', 2_000);
		queuePut(b, 'u1', B, 'm1', bookmark(6_000, 'edited on B'), 3_000);
		expect(visibleMarks(a, 'u1', B)).toEqual([]);
		expect(visibleMarks(b, 'u1', B)).toMatchObject([{ note: 'edited on B' }]);
		await flushMarks(a, api.fetch, 'u1', B);
		await flushMarks(b, api.fetch, 'u1', B);
		await flushMarks(a, api.fetch, 'u1', B);
		expect(visibleMarks(a, 'u1', B)).toEqual([]);
		expect(visibleMarks(b, 'u1', B)).toEqual([]);
	});

	it('orders two edits made in the same millisecond', async () => {
		const api = server(B);
		const phone = memory();
		queuePut(phone, 'u1', B, 'm1', bookmark(5_000, 'first'), 1_000);
		queuePut(phone, 'u1', B, 'm1', bookmark(5_000, 'second'), 1_000);
		expect(visibleMarks(phone, 'u1', B)[0]?.note).toBe('second');
		await flushMarks(phone, api.fetch, 'u1', B);
		expect(visibleMarks(phone, 'u1', B)[0]?.note).toBe('second');
	});

	it.each([
		[401, 'queued', 1],
		[429, 'queued', 1],
		[503, 'queued', 1],
		[400, 'refused', 0],
		[409, 'refused', 0]
	])('after a %i answer the flush is %s and %i change stays queued', async (code, outcome, left) => {
		const api = server(B);
		const phone = memory();
		queuePut(phone, 'u1', B, 'm1', bookmark(1_000), 1_000);
		api.answer(code);
		expect(await flushMarks(phone, api.fetch, 'u1', B)).toBe(outcome);
		expect(pendingChanges(phone, 'u1', B)).toBe(left);
	});

	it('survives damaged storage', () => {
		const phone = memory();
		phone.setItem('earshelf:marks:u1', '{not json');
		expect(visibleMarks(phone, 'u1', B)).toEqual([]);
		queuePut(phone, 'u1', B, 'm1', bookmark(1_000), 1_000);
		expect(visibleMarks(phone, 'u1', B)).toHaveLength(1);
	});
});

describe('newMarkId', () => {
	it('makes version 4 UUIDs, also where randomUUID is missing (plain http)', () => {
		const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
		const ids = Array.from({ length: 50 }, () => newMarkId({ getRandomValues: (a) => crypto.getRandomValues(a) }));
		for (const id of ids) expect(id).toMatch(v4);
		expect(new Set(ids).size).toBe(50);
		expect(newMarkId()).toMatch(v4);
	});
});
