/**
 * The console bench's writer, a process of its own with its own connection to the app's database,
 * as a pipeline runner on another instance would be:
 *  - admin: an admin and a browser session for them, written straight into the database (as a
 *    sign-in would leave them, without bcrypt); answers the session cookie's token;
 *  - write: pipeline log events for one book through appendEvent (the runner's path, pruning
 *    included) at `rate` a second for `seconds`, each stamped with its wall-clock time just before
 *    its insert. Events are paced against a schedule, so one slow insert is caught up, not skipped.
 */
import { v7 as uuidv7 } from 'uuid';
import { hashToken, newToken } from '../../src/lib/server/auth/secrets';
import { createDb, parseDatabaseUrl } from '../../src/lib/server/db';
import { appendEvent } from '../../src/lib/server/pipeline/events.repository';

export type WriterRun = { kind: 'admin' } | { kind: 'write'; bookId: string; rate: number; seconds: number };
export type WriterAnswer = { token: string } | { written: number; seconds: number } | { error: string };

/** The payload of a bench event: a sidecar log line plus what the receivers need. */
export interface StampedLog {
	level: 'info';
	message: string;
	seq: number;
	/** Wall-clock ms (fractional) just before the insert; receivers on this machine subtract it. */
	sentAt: number;
}

const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL!));
const wallClock = () => performance.timeOrigin + performance.now();

async function admin(): Promise<WriterAnswer> {
	const now = Date.now();
	const userId = uuidv7();
	const token = newToken();
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('users')
			.values({ id: userId, email: `${userId}@bench.earshelf.test`, name: 'Bench admin', password_hash: null, role: 'admin', banned_at: null, created_at: now, updated_at: now })
			.execute();
		await trx
			.insertInto('sessions')
			.values({ id: uuidv7(), user_id: userId, kind: 'browser', token_hash: hashToken(token), created_at: now, last_used_at: now, expires_at: now + 86_400_000, revoked_at: null, revoked_reason: null, user_agent: null, ip: null })
			.execute();
	});
	return { token };
}

async function write(bookId: string, rate: number, seconds: number): Promise<WriterAnswer> {
	const total = Math.round(rate * seconds);
	const started = performance.now();
	for (let seq = 0; seq < total; seq++) {
		const wait = started + (seq * 1000) / rate - performance.now();
		if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
		const payload: StampedLog = { level: 'info', message: `chunk ${seq} transcribed ${seq * 25}.0-${seq * 25 + 25}.0 s`, seq, sentAt: wallClock() };
		await appendEvent(db, bookId, 'log', payload, Date.now());
	}
	return { written: total, seconds: (performance.now() - started) / 1000 };
}

process.on('message', (run: WriterRun) => {
	const work = run.kind === 'admin' ? admin() : write(run.bookId, run.rate, run.seconds);
	work.then(
		(a) => process.send?.(a),
		(e: unknown) => process.send?.({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
	);
});
process.on('disconnect', () => {
	void db.destroy().finally(() => process.exit(0));
});
