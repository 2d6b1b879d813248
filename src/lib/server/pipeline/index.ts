/**
 * The pipeline's public surface: what the admin API calls, and the runner start. Each admin action
 * is one transition of steps.repository.ts plus an event for the consoles.
 */
import type { Db } from '../db';
import type { PipelineStepName } from '../db/schema';
import { conflict, notFound } from '../errors';
import { appendEvent, recentEvents, toConsoleEvent } from './events.repository';
import * as steps from './steps.repository';

export { startRunner, type Runner, type RunnerOptions } from './runner';
export { countStepsByState, createSteps, STEP_ORDER } from './steps.repository';

export interface PipelineDeps {
	db: Db;
	clock: () => number;
}

function view(s: Awaited<ReturnType<typeof steps.listSteps>>[number]) {
	return {
		step: s.step,
		status: s.status,
		attempts: s.attempts,
		provider: s.provider,
		error: s.error,
		checkpoint: s.checkpoint ? (JSON.parse(s.checkpoint) as unknown) : null,
		runAfter: s.run_after,
		leaseExpiresAt: s.lease_expires_at,
		startedAt: s.started_at,
		finishedAt: s.finished_at,
		updatedAt: s.updated_at
	};
}

async function requireSteps(deps: PipelineDeps, bookId: string) {
	const list = await steps.listSteps(deps.db, bookId);
	if (list.length === 0) throw notFound('This book has no pipeline (no such book, or it was not uploaded through the store).');
	return list;
}

export async function getPipeline(deps: PipelineDeps, bookId: string, eventLimit = 200) {
	const list = await requireSteps(deps, bookId);
	const events = (await recentEvents(deps.db, bookId, eventLimit)).map(toConsoleEvent);
	return { bookId, steps: list.map(view), events };
}

async function after(deps: PipelineDeps, bookId: string, action: string, extra: Record<string, unknown> = {}) {
	await appendEvent(deps.db, bookId, 'step', { action, ...extra }, deps.clock());
	return getPipeline(deps, bookId, 0).then(({ steps: s }) => ({ bookId, steps: s }));
}

export async function resumePipeline(deps: PipelineDeps, bookId: string) {
	await requireSteps(deps, bookId);
	const changed = await steps.resume(deps.db, bookId, deps.clock());
	return after(deps, bookId, 'resume', { changed });
}

export async function redoStep(deps: PipelineDeps, bookId: string, step: PipelineStepName) {
	await requireSteps(deps, bookId);
	await steps.redo(deps.db, { bookId, step }, deps.clock());
	return after(deps, bookId, 'redo', { step });
}

export async function cancelPipeline(deps: PipelineDeps, bookId: string) {
	const list = await requireSteps(deps, bookId);
	if (list.every((s) => s.status === 'succeeded')) throw conflict('The pipeline has already finished; redo a step to run it again.');
	const changed = await steps.cancel(deps.db, bookId, deps.clock());
	return after(deps, bookId, 'cancel', { changed });
}

export async function setStepProvider(deps: PipelineDeps, bookId: string, step: PipelineStepName, provider: string) {
	await requireSteps(deps, bookId);
	await steps.setProvider(deps.db, { bookId, step }, provider, deps.clock());
	return after(deps, bookId, 'provider', { step, provider });
}
