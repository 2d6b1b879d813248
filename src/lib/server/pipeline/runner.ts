/**
 * The pipeline runner of one app instance: claims a due step with a lease, renews the lease while it
 * works, and records the outcome. Any number of instances may run side by side; a crashed one's
 * steps are claimed again when its lease expires, and a stopped one hands its steps back at once.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { isTransientDbError, type Db } from '../db';
import type { PipelineStep } from '../db/schema';
import type { Logger } from '../log';
import type { BlobStorage } from '../storage';
import { appendEvent, type EventType } from './events.repository';
import { HANDLERS, HandedBackError, LeaseLostError, type StepContext } from './handlers';
import { StepError } from './sidecar';
import { claimNext, completeStep, failStep, releaseLeases, renewLease } from './steps.repository';

export interface RunnerOptions {
	inferenceUrl: string;
	leaseMs: number;
	pollMs: number;
	maxAttempts: number;
	backoffMs: number;
	maxBackoffMs: number;
	idleMs: number;
	/** stop() lets the running step reach its next checkpoint for this long, then cuts it. */
	drainMs: number;
	defaultProviders: { transcribe: string; summarize: string };
}

export interface RunnerDeps {
	db: Db;
	storage: BlobStorage;
	log: Logger;
	clock: () => number;
}

export interface Runner {
	readonly owner: string;
	stop(): Promise<void>;
}

/**
 * Waits `ms`, or less when `signal` aborts. node:timers/promises removes its abort listener when the
 * timer fires, so polling forever does not pile listeners onto the long-lived stop signal.
 */
const sleep = (ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }).catch(() => undefined);

export function startRunner(deps: RunnerDeps, opts: RunnerOptions): Runner {
	const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`.slice(0, 64);
	const draining = new AbortController();
	const stopping = new AbortController();
	const log = deps.log.child({ runner: owner });

	const emit = (bookId: string, type: EventType, payload: Record<string, unknown>) =>
		appendEvent(deps.db, bookId, type, payload, deps.clock()).then(
			() => undefined,
			(e) => log.warn({ err: e }, 'could not record a pipeline event')
		);

	async function work(step: PipelineStep) {
		const key = { bookId: step.book_id, step: step.step };
		const abort = new AbortController();
		const signal = AbortSignal.any([abort.signal, stopping.signal]);
		let lost = false;
		const renew = setInterval(() => {
			renewLease(deps.db, key, { owner, now: deps.clock(), leaseMs: opts.leaseMs }).then(
				(ok) => {
					if (!ok && !lost) {
						lost = true;
						abort.abort(new LeaseLostError());
					}
				},
				(e) => log.warn({ err: e, ...key }, 'lease renewal failed; retrying')
			);
		}, Math.max(50, Math.floor(opts.leaseMs / 3)));
		// Chapters asks the language model for titles: by default the summarize step's (handlers.ts takes the book's choice).
		const provider = step.provider ?? (step.step === 'summarize' || step.step === 'chapters' ? opts.defaultProviders.summarize : opts.defaultProviders.transcribe);
		const ctx: StepContext = {
			db: deps.db,
			storage: deps.storage,
			log,
			step,
			owner,
			provider,
			inferenceUrl: opts.inferenceUrl,
			idleMs: opts.idleMs,
			signal,
			draining: draining.signal,
			clock: deps.clock,
			emit: (type, payload) => emit(step.book_id, type, { step: step.step, ...payload })
		};
		// The runner's name tells operators (and the scale-out test) which instance ran the step.
		await ctx.emit('step', { status: 'running', attempts: step.attempts, provider, runner: owner });
		try {
			await HANDLERS[step.step](ctx);
			if (await completeStep(deps.db, key, owner, deps.clock())) {
				await ctx.emit('step', { status: 'succeeded', attempts: step.attempts });
			}
		} catch (e) {
			if (lost || e instanceof LeaseLostError) {
				log.info(key, 'lease lost; left the step to its new owner');
				return;
			}
			if (e instanceof HandedBackError || stopping.signal.aborted) {
				// stop() gives the lease back right after; consoles learn the step waits for another runner.
				await ctx.emit('step', { status: 'pending', attempts: step.attempts, handedBack: true });
				return;
			}
			// A deadlock or a dropped connection is retried like an unreachable sidecar; any other error
			// that is not a StepError is a bug, and fails the step for good.
			const err = e instanceof StepError ? e : new StepError(`${(e as Error).message ?? e}`, isTransientDbError(e));
			if (!(e instanceof StepError)) log.error({ err: e, ...key, transient: err.transient }, 'pipeline step crashed');
			const outcome = await failStep(deps.db, key, {
				owner,
				now: deps.clock(),
				error: err.message,
				transient: err.transient,
				maxAttempts: opts.maxAttempts,
				baseBackoffMs: opts.backoffMs,
				maxBackoffMs: opts.maxBackoffMs
			});
			if (outcome !== 'lost') {
				await ctx.emit('step', { status: outcome === 'retry' ? 'pending' : 'failed', attempts: step.attempts, error: err.message, retrying: outcome === 'retry' });
			}
			log.warn({ ...key, error: err.message, outcome }, 'pipeline step failed');
		} finally {
			clearInterval(renew);
		}
	}

	const loop = (async () => {
		while (!draining.signal.aborted) {
			let step: PipelineStep | null = null;
			try {
				step = await claimNext(deps.db, { owner, now: deps.clock(), leaseMs: opts.leaseMs });
			} catch (e) {
				log.warn({ err: e }, 'could not claim a pipeline step; retrying');
			}
			// A step claimed while stop() began is given back untouched by stop()'s release.
			if (step && draining.signal.aborted) break;
			if (step) await work(step);
			else await sleep(opts.pollMs, draining.signal);
		}
	})();

	log.info('pipeline runner started');
	return {
		owner,
		/**
		 * Takes no new step, lets the running one reach its next stored chunk or part (drainMs at most,
		 * then cuts it), and gives its lease back so another runner continues at once, not after expiry.
		 */
		async stop() {
			draining.abort();
			const timer = new AbortController();
			const drained = await Promise.race([loop.then(() => true), delay(opts.drainMs, false, { signal: timer.signal }).catch(() => false)]);
			timer.abort();
			if (!drained) log.warn({ drainMs: opts.drainMs }, 'the running step reached no checkpoint in time; cutting it');
			stopping.abort();
			await loop;
			const released = await releaseLeases(deps.db, owner, deps.clock()).catch(() => 0);
			log.info({ released }, 'pipeline runner stopped');
		}
	};
}
