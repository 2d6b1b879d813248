/**
 * `make soak-book`: one book of several hours through the real pipeline, as an admin would upload it,
 * with a crash of the sidecar in the middle. It answers three questions the short tests cannot:
 *  - memory stays flat: the sidecar's and the app's RSS are sampled every 10 s, and the slope after
 *    warm-up is printed in MB per hour of audio (before and after the crash, each sidecar on its own);
 *  - time grows linearly: the real-time factor of each quarter of the recording (from the stored
 *    chunks' times) is printed, and the last quarter's against the first;
 *  - a crash loses at most one chunk: once half the recording is stored, the sidecar is killed
 *    (SIGKILL, no drain) and started again on the same port; the app's retry carries on, and the
 *    chunks the first sidecar had transcribed but that were done again are counted (goal ≤ 1, the one
 *    in flight is lost by definition and is not counted), every chunk index must be stored once.
 * The recording is the eval set's English speech (eval/lib/synth.ts, cached: espeak-ng and flite
 * voices, some over noise) joined end to end and repeated up to the length asked for.
 *
 * Knobs (environment): LONG_BOOK_MINUTES (180), LONG_BOOK_CRASH (1; 0 for no crash), TEST_DB (sqlite
 * or mysql, as the tests), and the sidecar's ASR_PRECISION / ASR_THREADS / LLM_THREADS. At Whisper
 * base's real-time factor on 2 busy cores (0.4–0.6) three hours take one and a half to two hours.
 * Exits 1 when a goal is missed: the book fails or stalls, a chunk is missing or stored twice, more
 * than one chunk is redone after the crash, the sidecar grows by more than LONG_BOOK_MAX_MB_PER_HOUR
 * (50) per hour of audio after warm-up, or the last quarter is more than 1.5× as slow as the first.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPassages } from '../eval/lib/passages';
import { slope } from '../scripts/lib/slope.mjs';
import { adminSession, uploadBook, waitUntilSettled } from '../eval/lib/store';
import { synthesize } from '../eval/lib/synth';
import { startTestApp, type TestApp } from '../tests/helpers/app';
import { envFrom, missingModels, startSidecar, type Sidecar } from '../tests/helpers/pipeline';

const minutes = Number(process.env.LONG_BOOK_MINUTES ?? 180);
const crash = process.env.LONG_BOOK_CRASH !== '0';
const maxSlope = Number(process.env.LONG_BOOK_MAX_MB_PER_HOUR ?? 50);
const SAMPLE_MS = 10_000;
const missing = missingModels();
if (missing) fail(`make soak-book needs the sidecar's models: ${missing}`);
if (!(minutes > 0)) fail('LONG_BOOK_MINUTES must be a positive number of minutes');

const work = mkdtempSync(path.join(os.tmpdir(), 'earshelf-long-book-'));
const sidecarEnv = envFrom(['ASR_PRECISION', 'ASR_THREADS', 'LLM_THREADS', 'ASR_MODEL_DIR', 'LLM_MODEL_PATH']);
let sidecar: Sidecar | undefined;
let app: TestApp | undefined;
let exitCode = 0;

try {
	const { file, seconds } = await makeRecording(minutes * 60);
	console.log(`long book: ${(seconds / 3600).toFixed(2)} h of speech (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB mp3); crash ${crash ? 'at half' : 'off'}; ${os.cpus().length} CPUs`);

	sidecar = await startSidecar(undefined, sidecarEnv);
	const port = sidecar.port;
	// Retries come fast and many: a sidecar that is down for a model load must not fail the book.
	// The test helper points mail at the tests' SMTP sink, which this run does not start: unset, mail goes to the outbox.
	app = await startTestApp({ SMTP_URL: undefined as unknown as string, INFERENCE_URL: sidecar.url, PIPELINE_BACKOFF_MS: '500', PIPELINE_MAX_BACKOFF_MS: '5000', PIPELINE_MAX_ATTEMPTS: '50' });
	const session = adminSession(app);
	const bookId = await uploadBook(app, await session(), { title: 'The Long Evening', author: 'Soak Test', priceMinor: 1000, language: 'en', file });
	const started = Date.now();

	const samples: { at: number; coveredMs: number; app: number; sidecar: number }[] = [];
	let crashed: { at: number; storedBefore: number; transcribedBefore: number[] } | null = null;
	const firstSidecar = sidecar;
	const settledPromise = waitUntilSettled(app, session, bookId, Math.max(60, minutes * 4) * 60_000);
	const outcome: { settled: Awaited<typeof settledPromise> | null } = { settled: null };
	void settledPromise.then((s) => (outcome.settled = s));
	while (!outcome.settled) {
		const stored = await storedChunks(app, bookId);
		const coveredMs = stored.reduce((max, c) => Math.max(max, c.end_ms), 0);
		samples.push({ at: Date.now() - started, coveredMs, app: rssMb(app.pid), sidecar: rssMb(sidecar.pid) });
		const last = samples.at(-1)!;
		console.log(
			`  ${fmtMinutes(last.at)}: ${stored.length} chunks, ${(coveredMs / 60_000).toFixed(1)} of ${(seconds / 60).toFixed(1)} min; RSS app ${last.app.toFixed(0)} MB, sidecar ${last.sidecar.toFixed(0)} MB`
		);
		if (crash && !crashed && coveredMs >= (seconds * 1000) / 2) {
			console.log(`  crash: SIGKILL to the sidecar with ${stored.length} chunks stored; starting another on port ${port}`);
			await sidecar.kill('SIGKILL');
			// Read after the kill: everything the first sidecar finished, up to its last breath.
			crashed = { at: Date.now() - started, storedBefore: stored.length, transcribedBefore: sidecar.transcribedChunks() };
			sidecar = await startSidecar(port, sidecarEnv);
		}
		await Promise.race([settledPromise, new Promise((r) => setTimeout(r, SAMPLE_MS))]);
	}
	const settled = outcome.settled;
	const wallSeconds = (Date.now() - started) / 1000;
	const stored = await storedChunks(app, bookId);

	// Every index once, none missing.
	const indexes = stored.map((c) => c.chunk_index).sort((a, b) => a - b);
	const holes = indexes.filter((v, i) => v !== i);
	const transcribedAfter = sidecar === firstSidecar ? [] : sidecar.transcribedChunks();
	const redone = crashed ? transcribedAfter.filter((i) => crashed!.transcribedBefore.includes(i)) : [];

	// Real-time factor per quarter of the recording, from each stored chunk's time (the crash's
	// restart is inside one quarter and shows there).
	const byTime = [...stored].sort((a, b) => a.created_at - b.created_at);
	const quarters = [0, 1, 2, 3].map((q) => {
		const from = (q * seconds * 1000) / 4;
		const to = ((q + 1) * seconds * 1000) / 4;
		const inQuarter = byTime.filter((c) => c.start_ms >= from && c.start_ms < to);
		if (inQuarter.length < 2) return null;
		const audioMs = inQuarter.at(-1)!.end_ms - inQuarter[0]!.end_ms;
		const wallMs = inQuarter.at(-1)!.created_at - inQuarter[0]!.created_at;
		return audioMs > 0 ? wallMs / audioMs : null;
	});
	const crashQuarter = crashed ? 2 : -1;
	const firstRtf = quarters[0];
	const lastRtf = quarters[3];
	const growth = firstRtf && lastRtf ? lastRtf / firstRtf : null;

	// RSS slope per hour of audio transcribed, after warm-up: with a crash, before it (from a tenth of
	// the recording) and after it (from two minutes after the restart); else over the second half.
	const transcribing = samples.filter((s) => s.coveredMs > 0 && s.coveredMs < seconds * 1000);
	const windows = crashed
		? [
				transcribing.filter((s) => s.coveredMs >= (seconds * 1000) / 10 && s.at < crashed!.at),
				transcribing.filter((s) => s.at > crashed!.at + 120_000)
			]
		: [transcribing.filter((s) => s.coveredMs >= (seconds * 1000) / 2)];
	const slopesOf = (pick: (s: (typeof samples)[number]) => number) =>
		windows.map((w) => (w.length >= 3 ? slope(w.map((s) => ({ x: s.coveredMs / 3_600_000, y: pick(s) }))) : null)).filter((v): v is number => v !== null);
	const sidecarSlopes = slopesOf((s) => s.sidecar);
	const appSlopes = slopesOf((s) => s.app);
	const sidecarSlope = sidecarSlopes.length ? Math.max(...sidecarSlopes) : null;
	const appSlope = appSlopes.length ? Math.max(...appSlopes) : null;
	const windowNames = crashed ? 'before the crash, after it' : 'second half';

	console.log('');
	console.log(`book ${settled.book.status}${settled.book.reviewReason ? ` (${settled.book.reviewReason})` : ''}; steps: ${settled.steps.map((s) => `${s.step} ${s.status}`).join(', ')}`);
	console.log(`wall ${fmtMinutes(wallSeconds * 1000)} for ${(seconds / 3600).toFixed(2)} h of audio; ${stored.length} chunks stored`);
	console.log(`real-time factor by quarter: ${quarters.map((q, i) => (q === null ? '—' : `${q.toFixed(2)}${i === crashQuarter ? ' (crash)' : ''}`)).join(', ')}; last / first ${growth?.toFixed(2) ?? '—'}`);
	console.log(`RSS slope per hour of audio (${windowNames}): sidecar ${sidecarSlopes.map(fmtSlope).join(', ') || '—'}; app ${appSlopes.map(fmtSlope).join(', ') || '—'} (peak sidecar ${Math.max(...samples.map((s) => s.sidecar)).toFixed(0)} MB, app ${Math.max(...samples.map((s) => s.app)).toFixed(0)} MB)`);
	if (crashed) console.log(`crash at ${fmtMinutes(crashed.at)} with ${crashed.storedBefore} chunks stored: ${redone.length} chunk(s) the first sidecar had finished were done again${redone.length ? ` (${redone.join(', ')})` : ''}`);

	const goals: [string, boolean][] = [
		['the book settles (published or in review), nothing failed', !settled.failedStep && !settled.timedOut && ['published', 'review'].includes(settled.book.status)],
		['every chunk stored exactly once', holes.length === 0 && new Set(indexes).size === indexes.length && indexes.length > 0],
		['at most one finished chunk redone after the crash', redone.length <= 1],
		[`sidecar RSS grows ≤ ${maxSlope} MB per hour of audio (${windowNames})`, sidecarSlope === null || sidecarSlope <= maxSlope],
		['last quarter ≤ 1.5× the first quarter’s real-time factor', growth === null || growth <= 1.5]
	];
	console.log('');
	for (const [goal, met] of goals) console.log(`${met ? 'met   ' : 'MISSED'} ${goal}`);
	if (goals.some(([, met]) => !met)) exitCode = 1;
	mkdirSync(path.resolve(import.meta.dirname, 'results'), { recursive: true });
	writeFileSync(
		path.resolve(import.meta.dirname, 'results', `long-book-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
		JSON.stringify({ minutes, seconds, wallSeconds, crashed, redone, quarters, sidecarSlopes, appSlopes, samples, goals }, null, 2)
	);
} catch (e) {
	console.error(e);
	exitCode = 1;
} finally {
	await app?.stop().catch(() => {});
	await sidecar?.kill().catch(() => {});
	rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);

/** The eval's English speech joined end to end (mp3 frames copied, no re-encoding) up to `target` seconds. */
async function makeRecording(target: number): Promise<{ file: string; seconds: number }> {
	const passages = loadPassages().filter((p) => p.language === 'en');
	const parts: { file: string; seconds: number }[] = [];
	for (const p of passages) {
		const s = await synthesize(p);
		parts.push({ file: s.file, seconds: s.durationSeconds });
	}
	const list: string[] = [];
	let seconds = 0;
	for (let i = 0; seconds < target; i++) {
		const part = parts[i % parts.length]!;
		list.push(`file '${part.file.replace(/'/g, "'\\''")}'`);
		seconds += part.seconds;
	}
	const listFile = path.join(work, 'list.txt');
	writeFileSync(listFile, list.join('\n'));
	const file = path.join(work, 'long-book.mp3');
	execFileSync('ffmpeg', ['-v', 'error', '-f', 'concat', '-safe', '0', '-i', listFile, '-c', 'copy', file]);
	return { file, seconds };
}

async function storedChunks(app: TestApp, bookId: string) {
	return app.db().selectFrom('transcript_chunks').select(['chunk_index', 'start_ms', 'end_ms', 'created_at']).where('book_id', '=', bookId).execute();
}

/** RSS of a process and its descendants (the sidecar runs under tsx's launcher), in MB. */
function rssMb(pid: number): number {
	let kib = 0;
	const visit = (p: number) => {
		try {
			kib += Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
			for (const task of readdirSync(`/proc/${p}/task`)) {
				for (const child of readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) visit(Number(child));
			}
		} catch {
			/* gone */
		}
	};
	visit(pid);
	return kib / 1024;
}

function fmtMinutes(ms: number): string {
	const s = Math.round(ms / 1000);
	return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function fmtSlope(v: number | null): string {
	return v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(1)} MB/h`;
}

function fail(message: string): never {
	console.error(message);
	process.exit(2);
}
