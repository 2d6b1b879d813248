/**
 * Reads new pipeline events from the database every CONSOLE_POLL_MS (25 ms by default) and hands them to the subscribed sockets
 * of this instance. With no console open on this instance it reads once a second instead (a fleet of
 * idle instances should not query the database 40 times a second each), and a new subscriber wakes it. The database is the bus: every app instance sees every event, whichever runner
 * wrote it. The cursor only moves past an id hole once it has stayed open a while, because on MySQL a
 * lower id can commit after a higher one; a hole that never fills is a rolled-back insert.
 */
import type { Db } from '../db';
import type { Logger } from '../log';
import { eventsAfter, latestEventId, toConsoleEvent, type ConsoleEvent } from '../pipeline/events.repository';

export interface Subscriber {
	/** Only this book's events; undefined = every book. */
	bookId?: string;
	deliver(event: ConsoleEvent): void;
}

export interface Hub {
	/** The highest id handed out; every event up to it is committed and was delivered. */
	cursor(): number;
	/** Reads what is new now (or waits for the read under way): the cursor is fresh afterwards. */
	refresh(): Promise<void>;
	subscribe(s: Subscriber): () => void;
	stop(): Promise<void>;
}

const BATCH = 500;
const HOLE_WAIT_MS = 1000;
const IDLE_POLL_MS = 1000;

export async function startHub(deps: { db: Db; log: Logger; pollMs: number; clock: () => number }): Promise<Hub> {
	let cursor = await latestEventId(deps.db);
	const subscribers = new Set<Subscriber>();
	let holeSince: number | null = null;
	let stopped = false;

	async function poll() {
		const rows = await eventsAfter(deps.db, cursor, { limit: BATCH });
		for (const row of rows) {
			if (row.id !== cursor + 1) {
				holeSince ??= deps.clock();
				if (deps.clock() - holeSince < HOLE_WAIT_MS) return; // wait for the lower id to commit
			}
			holeSince = null;
			cursor = row.id;
			const event = toConsoleEvent(row);
			for (const s of subscribers) if (!s.bookId || s.bookId === event.bookId) s.deliver(event);
		}
		if (rows.length === BATCH) return poll();
	}

	// One read at a time: the loop and refresh() share it, so the cursor only moves forward in order.
	let reading: Promise<void> | null = null;
	const readOnce = () =>
		(reading ??= poll()
			.catch((e) => deps.log.warn({ err: e }, 'console: reading pipeline events failed; retrying'))
			.finally(() => (reading = null)));

	let wake: (() => void) | null = null;
	const loop = (async () => {
		while (!stopped) {
			await readOnce();
			const idle = subscribers.size === 0;
			await new Promise<void>((r) => {
				const timer = setTimeout(r, idle ? Math.max(deps.pollMs, IDLE_POLL_MS) : deps.pollMs);
				wake = () => {
					clearTimeout(timer);
					r();
				};
			});
			wake = null;
		}
	})();

	return {
		cursor: () => cursor,
		refresh: readOnce,
		subscribe(s) {
			subscribers.add(s);
			wake?.();
			return () => subscribers.delete(s);
		},
		async stop() {
			stopped = true;
			wake?.();
			await loop;
		}
	};
}
