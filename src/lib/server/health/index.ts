/**
 * Readiness: can this instance serve the store right now? The database and blob storage are required
 * (without them no page or download works); the inference sidecar is not: without it the store still
 * sells and plays, and pipeline steps wait and retry, so a sidecar that does not answer makes the
 * instance `degraded` (200), not unready (503). Liveness stays GET /api/v1/health, which checks nothing.
 */
import { sql } from 'kysely';
import type { Db } from '../db';
import type { BlobStorage } from '../storage';

export type CheckResult = 'ok' | 'down';

export interface Readiness {
	status: 'ok' | 'degraded' | 'unavailable';
	db: CheckResult;
	storage: CheckResult;
	sidecar: CheckResult;
	/** Why each failed check failed, for the operator reading the probe. */
	errors?: Partial<Record<'db' | 'storage' | 'sidecar', string>>;
}

export interface ReadinessDeps {
	db: Db;
	storage: BlobStorage;
	inferenceUrl: string;
	/** Per check; a probe that hangs is a failed probe. */
	timeoutMs?: number;
}

export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
	const timeoutMs = deps.timeoutMs ?? 2000;
	const [db, storage, sidecar] = await Promise.all([
		probe(() => sql`SELECT 1`.execute(deps.db), timeoutMs),
		probe(() => deps.storage.check(), timeoutMs),
		probe(() => sidecarHealth(deps.inferenceUrl, timeoutMs), timeoutMs)
	]);
	const result: Readiness = {
		status: db.ok && storage.ok ? (sidecar.ok ? 'ok' : 'degraded') : 'unavailable',
		db: db.ok ? 'ok' : 'down',
		storage: storage.ok ? 'ok' : 'down',
		sidecar: sidecar.ok ? 'ok' : 'down'
	};
	const errors = Object.fromEntries(
		Object.entries({ db, storage, sidecar }).flatMap(([name, r]) => (r.ok ? [] : [[name, r.error]]))
	);
	if (Object.keys(errors).length) result.errors = errors;
	return result;
}

async function sidecarHealth(inferenceUrl: string, timeoutMs: number): Promise<void> {
	const res = await fetch(new URL('/health', inferenceUrl), { signal: AbortSignal.timeout(timeoutMs) });
	await res.body?.cancel();
	if (!res.ok) throw new Error(`the sidecar answered ${res.status} on /health`);
}

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<{ ok: true } | { ok: false; error: string }> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
	});
	try {
		await Promise.race([check(), timeout]);
		return { ok: true };
	} catch (e) {
		return { ok: false, error: describe(e) };
	} finally {
		clearTimeout(timer);
	}
}

function describe(e: unknown): string {
	if (!(e instanceof Error)) return String(e);
	const cause = e.cause instanceof Error ? ` (${e.cause.message})` : '';
	return `${e.message}${cause}`;
}
