import { describe, expect, it } from 'vitest';
import { flushPositions, localPosition, newerPosition, pendingBooks, positionUrl, recordPosition, sendPosition, type Fetch } from './position-sync';

function memory() {
	const m = new Map<string, string>();
	return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

/** A server that keeps the newest observation per book, as the real one does, and can go offline. */
function server() {
	const stored = new Map<string, { positionMs: number; at: string }>();
	const calls: Array<{ url: string; body: { positionMs: number; at: string }; keepalive: boolean }> = [];
	let mode: 'online' | 'offline' | 'status' = 'online';
	let status = 200;
	const fetch: Fetch = async (url, init) => {
		if (mode === 'offline') throw new TypeError('Failed to fetch');
		const body = JSON.parse(String(init.body));
		calls.push({ url, body, keepalive: init.keepalive ?? false });
		if (mode === 'status') return new Response('{}', { status });
		const kept = stored.get(url);
		if (!kept || Date.parse(body.at) > Date.parse(kept.at)) stored.set(url, body);
		return new Response(JSON.stringify(stored.get(url)), { status: 200 });
	};
	return {
		fetch,
		calls,
		stored,
		offline: () => (mode = 'offline'),
		online: () => (mode = 'online'),
		answer: (s: number) => ((mode = 'status'), (status = s))
	};
}

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s));

describe('position sync', () => {
	it('keeps the latest observation per book and user, and ignores an older one', () => {
		const storage = memory();
		recordPosition(storage, 'u1', 'b1', 1_000.4, t(1));
		recordPosition(storage, 'u1', 'b1', 5_000, t(5));
		recordPosition(storage, 'u1', 'b1', 3_000, t(3)); // late event from an older moment
		expect(localPosition(storage, 'u1', 'b1')).toEqual({ positionMs: 5_000, at: t(5).toISOString() });
		expect(localPosition(storage, 'u2', 'b1')).toBeNull(); // another listener on this phone
		expect(pendingBooks(storage, 'u1')).toEqual(['b1']);
	});

	it('sends the pending position once, with keepalive when asked', async () => {
		const storage = memory();
		const s = server();
		recordPosition(storage, 'u1', 'b1', 42_000, t(1));
		expect(await sendPosition(storage, s.fetch, 'u1', 'b1', { keepalive: true })).toBe('sent');
		expect(s.calls).toEqual([{ url: positionUrl('b1'), body: { positionMs: 42_000, at: t(1).toISOString() }, keepalive: true }]);
		expect(await sendPosition(storage, s.fetch, 'u1', 'b1')).toBe('nothing');
		expect(s.calls).toHaveLength(1);
	});

	it('queues while offline, only the latest per book, and flushes when back online', async () => {
		const storage = memory();
		const s = server();
		s.offline();
		recordPosition(storage, 'u1', 'b1', 10_000, t(1));
		expect(await sendPosition(storage, s.fetch, 'u1', 'b1')).toBe('queued');
		recordPosition(storage, 'u1', 'b1', 20_000, t(2));
		recordPosition(storage, 'u1', 'b2', 7_000, t(3));
		expect(await flushPositions(storage, s.fetch, 'u1')).toEqual({ b1: 'queued', b2: 'queued' });

		s.online();
		expect(await flushPositions(storage, s.fetch, 'u1')).toEqual({ b1: 'sent', b2: 'sent' });
		expect(s.calls.map((c) => c.body.positionMs)).toEqual([20_000, 7_000]);
		expect(pendingBooks(storage, 'u1')).toEqual([]);
		expect(localPosition(storage, 'u1', 'b1')?.positionMs).toBe(20_000); // still there to resume from
	});

	it('keeps a newer observation recorded while the request was out pending', async () => {
		const storage = memory();
		const s = server();
		recordPosition(storage, 'u1', 'b1', 1_000, t(1));
		const slow: Fetch = async (url, init) => {
			recordPosition(storage, 'u1', 'b1', 2_000, t(2));
			return s.fetch(url, init);
		};
		expect(await sendPosition(storage, slow, 'u1', 'b1')).toBe('sent');
		expect(pendingBooks(storage, 'u1')).toEqual(['b1']);
	});

	it.each([
		[401, 'queued', ['b1']],
		[429, 'queued', ['b1']],
		[503, 'queued', ['b1']],
		[400, 'refused', []],
		[403, 'refused', []],
		[404, 'refused', []]
	] as const)('after %d the position is %s', async (status, outcome, pending) => {
		const storage = memory();
		const s = server();
		recordPosition(storage, 'u1', 'b1', 1_000, t(1));
		s.answer(status);
		expect(await sendPosition(storage, s.fetch, 'u1', 'b1')).toBe(outcome);
		expect(pendingBooks(storage, 'u1')).toEqual(pending);
	});

	it('treats damaged storage as empty', () => {
		const storage = memory();
		storage.m.set('earshelf:positions:u1', '{not json');
		expect(localPosition(storage, 'u1', 'b1')).toBeNull();
		storage.m.set('earshelf:positions:u1', JSON.stringify({ b1: { positionMs: -5, at: 'x', pending: true }, b2: { positionMs: 5, at: t(1).toISOString(), pending: false } }));
		expect(localPosition(storage, 'u1', 'b1')).toBeNull();
		expect(localPosition(storage, 'u1', 'b2')).toEqual({ positionMs: 5, at: t(1).toISOString() });
	});

	it('prefers the newer of the server copy and the local one', () => {
		const server = { positionMs: 1, at: t(5).toISOString() };
		const local = { positionMs: 2, at: t(6).toISOString() };
		expect(newerPosition(server, local)).toBe(local);
		expect(newerPosition(local, server)).toBe(local);
		expect(newerPosition(server, null)).toBe(server);
		expect(newerPosition(null, null)).toBeNull();
	});
});
