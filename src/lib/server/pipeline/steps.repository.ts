/**
 * Every state change of a pipeline step, one small function each (graphile-worker's src/sql/ is the
 * model). A step is worked on by whoever holds its lease; a lease that is not renewed expires, and the
 * step can be claimed again, so a crashed runner loses nothing but the chunk it was on. Functions that
 * act on behalf of a runner compare-and-set on lease_owner: a runner whose lease was taken (expired,
 * or cleared by an admin's cancel/redo/resume) finds it out on its next write and stops.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { dialectOf, type Db } from '../db';
import type { Database, PipelineStep, PipelineStepName } from '../db/schema';

export const STEP_ORDER: readonly PipelineStepName[] = ['upload', 'transcribe', 'chapters', 'summarize', 'publish'];

export interface StepKey {
	bookId: string;
	step: PipelineStepName;
}

export interface Lease {
	owner: string;
	now: number;
	leaseMs: number;
}

/** The steps of one book, in order; none when the book has no pipeline. */
export async function listSteps(db: Kysely<Database>, bookId: string): Promise<PipelineStep[]> {
	return db.selectFrom('pipeline_steps').selectAll().where('book_id', '=', bookId).orderBy('position').execute();
}

export async function getStep(db: Kysely<Database>, key: StepKey): Promise<PipelineStep | undefined> {
	return db
		.selectFrom('pipeline_steps')
		.selectAll()
		.where('book_id', '=', key.bookId)
		.where('step', '=', key.step)
		.executeTakeFirst();
}

/**
 * Creates the four steps of a new book, all pending, or with upload already done when `uploadedAt` is
 * given (the upload route writes the book and its audio together); idempotent (a retried upload finds them).
 */
export async function createSteps(
	db: Kysely<Database>,
	bookId: string,
	now: number,
	opts: { uploadedAt?: number; providers?: Partial<Record<PipelineStepName, string>> } = {}
): Promise<void> {
	await db
		.insertInto('pipeline_steps')
		.values(
			STEP_ORDER.map((step, position) => {
				const done = step === 'upload' && opts.uploadedAt !== undefined;
				return {
					book_id: bookId,
					step,
					position,
					status: done ? ('succeeded' as const) : ('pending' as const),
					attempts: done ? 1 : 0,
					provider: opts.providers?.[step] ?? null,
					started_at: done ? opts.uploadedAt : null,
					finished_at: done ? opts.uploadedAt : null,
					updated_at: now
				};
			})
		)
		.orIgnore()
		.execute();
}

/** A step whose turn it is: pending (or running on an expired lease), due, every earlier step succeeded. */
function claimable(db: Kysely<Database>, now: number) {
	return db
		.selectFrom('pipeline_steps as s')
		.select(['s.book_id', 's.step'])
		.where((eb) =>
			eb.or([
				eb('s.status', '=', 'pending'),
				eb.and([eb('s.status', '=', 'running'), eb('s.lease_expires_at', '<', now)])
			])
		)
		.where((eb) => eb.or([eb('s.run_after', 'is', null), eb('s.run_after', '<=', now)]))
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('pipeline_steps as p')
						.select(sql.lit(1).as('one'))
						.whereRef('p.book_id', '=', 's.book_id')
						.whereRef('p.position', '<', 's.position')
						.where('p.status', '!=', 'succeeded')
				)
			)
		)
		.orderBy('s.run_after')
		.orderBy('s.updated_at')
		.orderBy('s.position');
}

/**
 * Claims the next step for `owner` with a lease, counting the attempt (a crash counts too, so a step
 * that kills its runner cannot loop forever). MySQL: candidates are locked with SKIP LOCKED, so
 * runners do not queue behind each other; SQLite: one writer at a time, the compare-and-set decides.
 */
export async function claimNext(db: Db, lease: Lease): Promise<PipelineStep | null> {
	const claim = async (trx: Kysely<Database>, key: { book_id: string; step: PipelineStepName }) => {
		const res = await trx
			.updateTable('pipeline_steps')
			.set((eb) => ({
				status: 'running',
				lease_owner: lease.owner,
				lease_expires_at: lease.now + lease.leaseMs,
				attempts: eb('attempts', '+', 1),
				started_at: eb.fn.coalesce('started_at', eb.val(lease.now)),
				error: null,
				updated_at: lease.now
			}))
			.where('book_id', '=', key.book_id)
			.where('step', '=', key.step)
			.where((eb) =>
				eb.or([
					eb.and([eb('status', '=', 'pending'), eb('lease_owner', 'is', null)]),
					eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', lease.now)])
				])
			)
			.executeTakeFirst();
		return Number(res.numUpdatedRows) === 1;
	};

	if (dialectOf(db) === 'mysql') {
		const key = await db.transaction().execute(async (trx) => {
			// The NOT EXISTS subquery is a plain (non-locking) read: only the candidate row is locked.
			const candidate = await claimable(trx, lease.now).limit(1).forUpdate().skipLocked().executeTakeFirst();
			if (!candidate || !(await claim(trx, candidate))) return null;
			return candidate;
		});
		return key ? ((await getStep(db, { bookId: key.book_id, step: key.step })) ?? null) : null;
	}
	for (const candidate of await claimable(db, lease.now).limit(5).execute()) {
		if (await claim(db, candidate)) return (await getStep(db, { bookId: candidate.book_id, step: candidate.step })) ?? null;
	}
	return null;
}

/** The step, while `owner` still holds its lease. */
function owned(key: StepKey, owner: string) {
	return (eb: ExpressionBuilder<Database, 'pipeline_steps'>) =>
		eb.and([eb('book_id', '=', key.bookId), eb('step', '=', key.step), eb('lease_owner', '=', owner), eb('status', '=', 'running')]);
}

/** Extends the lease; false means it was lost (expired and taken, or an admin cancelled/redid the step). */
export async function renewLease(db: Kysely<Database>, key: StepKey, lease: Lease): Promise<boolean> {
	const res = await db
		.updateTable('pipeline_steps')
		.set({ lease_expires_at: lease.now + lease.leaseMs })
		.where(owned(key, lease.owner))
		.executeTakeFirst();
	return Number(res.numUpdatedRows) === 1;
}

/** Records progress (JSON) for the admin page; the step's real checkpoint is its stored output. */
export async function saveCheckpoint(db: Kysely<Database>, key: StepKey, owner: string, checkpoint: unknown, now: number): Promise<boolean> {
	const res = await db
		.updateTable('pipeline_steps')
		.set({ checkpoint: JSON.stringify(checkpoint), updated_at: now })
		.where(owned(key, owner))
		.executeTakeFirst();
	return Number(res.numUpdatedRows) === 1;
}

export async function completeStep(db: Kysely<Database>, key: StepKey, owner: string, now: number): Promise<boolean> {
	const res = await db
		.updateTable('pipeline_steps')
		.set({ status: 'succeeded', lease_owner: null, lease_expires_at: null, run_after: null, error: null, finished_at: now, updated_at: now })
		.where(owned(key, owner))
		.executeTakeFirst();
	return Number(res.numUpdatedRows) === 1;
}

export interface FailOptions {
	owner: string;
	now: number;
	error: string;
	/** Sidecar unreachable, timeout, storage hiccup: worth another try. */
	transient: boolean;
	maxAttempts: number;
	/** Delay before attempt n+1 is baseBackoffMs * 2^(n-1), capped at maxBackoffMs. */
	baseBackoffMs: number;
	maxBackoffMs: number;
}

export type FailOutcome = 'retry' | 'failed' | 'lost';

/** A transient error goes back to pending after a backoff until the attempts run out; then, or for a permanent error, failed. */
export async function failStep(db: Kysely<Database>, key: StepKey, o: FailOptions): Promise<FailOutcome> {
	const step = await getStep(db, key);
	if (!step || step.lease_owner !== o.owner || step.status !== 'running') return 'lost';
	const retry = o.transient && step.attempts < o.maxAttempts;
	const delay = Math.min(o.maxBackoffMs, o.baseBackoffMs * 2 ** Math.max(0, step.attempts - 1));
	const res = await db
		.updateTable('pipeline_steps')
		.set(
			retry
				? { status: 'pending', lease_owner: null, lease_expires_at: null, run_after: o.now + delay, error: o.error, updated_at: o.now }
				: { status: 'failed', lease_owner: null, lease_expires_at: null, run_after: null, error: o.error, finished_at: o.now, updated_at: o.now }
		)
		.where(owned(key, o.owner))
		.executeTakeFirst();
	if (Number(res.numUpdatedRows) !== 1) return 'lost';
	return retry ? 'retry' : 'failed';
}

/** Shutdown: hands this runner's steps back at once (not counting the attempt) instead of waiting for the lease to expire. */
export async function releaseLeases(db: Kysely<Database>, owner: string, now: number): Promise<number> {
	const res = await db
		.updateTable('pipeline_steps')
		.set((eb) => ({
			status: 'pending',
			lease_owner: null,
			lease_expires_at: null,
			run_after: null,
			attempts: sql<number>`case when ${eb.ref('attempts')} > 0 then ${eb.ref('attempts')} - 1 else 0 end`,
			updated_at: now
		}))
		.where('lease_owner', '=', owner)
		.where('status', '=', 'running')
		.executeTakeFirst();
	return Number(res.numUpdatedRows);
}

/** Stops the book's pipeline: every step not yet succeeded is cancelled; a runner on it loses its lease. */
export async function cancel(db: Kysely<Database>, bookId: string, now: number): Promise<number> {
	const res = await db
		.updateTable('pipeline_steps')
		.set({ status: 'cancelled', lease_owner: null, lease_expires_at: null, run_after: null, finished_at: now, updated_at: now })
		.where('book_id', '=', bookId)
		.where('status', '!=', 'succeeded')
		.executeTakeFirst();
	return Number(res.numUpdatedRows);
}

/**
 * Starts the book's pipeline again where it stopped: every step not yet succeeded becomes pending now,
 * with a fresh attempt count. Stored chunks and map results are kept, so work resumes from them.
 * A step running on a live lease is left alone (nothing to resume).
 */
export async function resume(db: Kysely<Database>, bookId: string, now: number): Promise<number> {
	const res = await db
		.updateTable('pipeline_steps')
		.set((eb) => ({
			status: 'pending',
			attempts: 0,
			error: null,
			run_after: null,
			lease_owner: null,
			lease_expires_at: null,
			finished_at: null,
			updated_at: now,
			generation: eb('generation', '+', 1)
		}))
		.where('book_id', '=', bookId)
		.where((eb) =>
			eb.or([
				eb('status', 'in', ['pending', 'failed', 'cancelled']),
				eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', now)])
			])
		)
		.executeTakeFirst();
	return Number(res.numUpdatedRows);
}

/**
 * Runs `step` and every step after it again from scratch: their outputs are deleted (chunks and the
 * transcript for transcribe, map results for summarize) in the same transaction that makes them pending.
 */
export async function redo(db: Db, key: StepKey, now: number): Promise<number> {
	const from = STEP_ORDER.indexOf(key.step);
	const later = STEP_ORDER.slice(from);
	return db.transaction().execute(async (trx) => {
		const res = await trx
			.updateTable('pipeline_steps')
			.set((eb) => ({
				status: 'pending',
				attempts: 0,
				error: null,
				checkpoint: null,
				run_after: null,
				lease_owner: null,
				lease_expires_at: null,
				started_at: null,
				finished_at: null,
				updated_at: now,
				generation: eb('generation', '+', 1)
			}))
			.where('book_id', '=', key.bookId)
			.where('step', 'in', later)
			.executeTakeFirst();
		if (later.includes('transcribe')) {
			await trx.deleteFrom('transcript_chunks').where('book_id', '=', key.bookId).execute();
			await trx.deleteFrom('transcripts').where('book_id', '=', key.bookId).execute();
		}
		if (later.includes('summarize')) await trx.deleteFrom('summary_parts').where('book_id', '=', key.bookId).execute();
		return Number(res.numUpdatedRows);
	});
}

/** Which provider (local, openai) a step uses from its next attempt on. */
export async function setProvider(db: Kysely<Database>, key: StepKey, provider: string, now: number): Promise<boolean> {
	const res = await db
		.updateTable('pipeline_steps')
		.set({ provider, updated_at: now })
		.where('book_id', '=', key.bookId)
		.where('step', '=', key.step)
		.executeTakeFirst();
	return Number(res.numUpdatedRows) === 1;
}

/** How many steps are in each (step, status) pair right now: the metrics gauge reads it at scrape time. */
export async function countStepsByState(
	db: Kysely<Database>
): Promise<Array<{ step: PipelineStepName; status: PipelineStep['status']; count: number }>> {
	const rows = await db
		.selectFrom('pipeline_steps')
		.select(['step', 'status', (eb) => eb.fn.countAll<number | string>().as('count')])
		.groupBy(['step', 'status'])
		.execute();
	return rows.map((r) => ({ step: r.step, status: r.status, count: Number(r.count) }));
}
