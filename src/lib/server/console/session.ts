/**
 * One admin console connection: replays what it missed since `?since=<id>` (or says `reset` when
 * that is older than what is kept), then streams live events, each exactly once and in id order.
 * A client that stops reading is dropped at a buffer cap instead of growing server memory; it
 * reconnects with its last id and loses nothing.
 *
 * Server → client messages (JSON text frames):
 *   {type:'hello', lastEventId, bookId}          on open; lastEventId is where live events start
 *   {type:'event', id, bookId, kind, data, at}   kind: step | progress | log | chunk | map
 *   {type:'reset', lastEventId}                  `since` is older than retention: refetch the snapshot
 *   {type:'caught-up', lastEventId}              the replay after `since` is complete
 *   {type:'hb', at}                              every heartbeat interval
 */
import type { WebSocket } from 'ws';
import type { Db } from '../db';
import type { Logger } from '../log';
import { eventsAfter, missedByPruning, toConsoleEvent, type ConsoleEvent } from '../pipeline/events.repository';
import type { Hub } from './hub';

/** Past this many bytes queued for one socket, the client is too slow and is dropped. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
const REPLAY_BATCH = 500;

/**
 * The wire form of an event, serialised once however many consoles receive it (the hub hands the
 * same object to every subscriber).
 */
const wireCache = new WeakMap<ConsoleEvent, string>();
export function eventMessage(e: ConsoleEvent): string {
	let wire = wireCache.get(e);
	if (!wire) {
		wire = JSON.stringify({ type: 'event', id: e.id, bookId: e.bookId, kind: e.type, data: e.data, at: e.at });
		wireCache.set(e, wire);
	}
	return wire;
}

export interface ConsoleSessionOptions {
	bookId?: string;
	since?: number;
}

export async function runConsoleSession(ws: WebSocket, hub: Hub, deps: { db: Db; log: Logger }, opts: ConsoleSessionOptions) {
	let lastSent = 0;
	let replaying = true;
	const queued: ConsoleEvent[] = [];

	const send = (message: object | string): boolean => {
		if (ws.readyState !== ws.OPEN) return false;
		if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
			deps.log.warn({ buffered: ws.bufferedAmount }, 'console: client too slow, dropped (it resumes with since)');
			ws.terminate();
			return false;
		}
		ws.send(typeof message === 'string' ? message : JSON.stringify(message));
		return true;
	};
	const sendEvent = (e: ConsoleEvent) => {
		if (e.id <= lastSent) return; // already sent by the replay
		if (send(eventMessage(e))) lastSent = e.id;
	};

	const unsubscribe = hub.subscribe({
		bookId: opts.bookId,
		deliver(e) {
			if (replaying) queued.push(e);
			else sendEvent(e);
		}
	});
	ws.once('close', unsubscribe);

	// The hub reads slowly while no console is open here: catch up before `head` decides replay or reset.
	await hub.refresh();
	const head = hub.cursor();
	send({ type: 'hello', lastEventId: opts.since ?? head, bookId: opts.bookId ?? null });
	if (opts.since === undefined) {
		lastSent = head;
	} else if (opts.since > head || (await missedByPruning(deps.db, opts.since, opts.bookId))) {
		send({ type: 'reset', lastEventId: head });
		lastSent = head;
	} else {
		// Replay (since, head] from the table; live events above head wait in `queued`.
		lastSent = opts.since;
		for (;;) {
			const rows = (await eventsAfter(deps.db, lastSent, { bookId: opts.bookId, limit: REPLAY_BATCH })).filter((r) => r.id <= head);
			for (const row of rows) sendEvent(toConsoleEvent(row));
			if (ws.readyState !== ws.OPEN) return;
			if (rows.length < REPLAY_BATCH) break;
		}
		lastSent = Math.max(lastSent, head);
		send({ type: 'caught-up', lastEventId: lastSent });
	}
	replaying = false;
	for (const e of queued.splice(0)) sendEvent(e);
}
