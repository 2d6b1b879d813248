/**
 * Pipeline bench: the inference sidecar against its engines called directly, and the admin console's
 * delivery latency.
 *  - transcribe: POST /v1/transcribe on a generated espeak-ng speech file (~75 s), whole file, vs the
 *    same file through the sidecar's own decodePcm and chunkPcm and a sherpa-onnx recogniser called
 *    directly, with the same model, the same config and the same thread count, in a worker process
 *    (bench/lib/inference-worker.ts says what each side does). Rates are seconds of audio per second;
 *    the real-time factor of both sides is printed under the table.
 *  - summarize: POST /v1/summarize on a fixed transcript short enough for one pass vs one
 *    node-llama-cpp prompt with the same model, prompt, grammar, sampling and threads. The bench
 *    checks that both sides generated the same answer (same seed), so they did the same work.
 *  - console: the production app (PIPELINE_RUNNER=off) with 50 admin consoles open on one book's
 *    WebSocket; a separate process writes that book's log events through appendEvent at 1,000 a
 *    second for 10 s, each stamped just before its insert; the p95 of write-to-arrival over every
 *    event at every console is held to ≤ 100 ms (one table row with no baseline).
 * Knobs (environment): BENCH_ASR_ROUNDS (2), BENCH_LLM_ROUNDS (3), ASR_THREADS (the CPU count),
 * LLM_THREADS (the sidecar's default for this machine), BENCH_CONSOLES (50), BENCH_EVENT_RATE (1000),
 * BENCH_CONSOLE_SECONDS (10), CONSOLE_POLL_MS (the app's, default 25), BENCH_ONLY (inference or
 * console: that part alone), TEST_DB=mysql to
 * run the console part on MariaDB (scripts/mariadb.sh). Needs ffmpeg and espeak-ng, and the
 * sidecar's models (`make models`; without them the bench says so and skips).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { loadConfig } from '../inference/src/config';
import { missingModels, speechMp3, startSidecar, type Sidecar } from '../tests/helpers/pipeline';
import { startBenchApp, type BenchApp } from './lib/app';
import type { StampedLog, WriterAnswer, WriterRun } from './lib/console-writer';
import type { InferenceAnswer, InferenceRun } from './lib/inference-worker';
import { interleave, type Measured } from './lib/interleave';
import { cpuBusyBeforeBench, processCpuSeconds } from './lib/machine';
import { passes, printTable, withinBound, writeResults, type Bound } from './lib/report';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const asrRounds = env('BENCH_ASR_ROUNDS', 2);
const llmRounds = env('BENCH_LLM_ROUNDS', 3);
const consoles = env('BENCH_CONSOLES', 50);
const eventRate = env('BENCH_EVENT_RATE', 1000);
const consoleSeconds = env('BENCH_CONSOLE_SECONDS', 10);
const consoleGoalMs = 100;
/** `inference` or `console` runs only that part (the table then has only its rows). */
const only = process.env.BENCH_ONLY;
/** The app's CONSOLE_POLL_MS when set (its default otherwise), to see what the poll interval costs. */
const consolePollMs = process.env.CONSOLE_POLL_MS;
// The sidecar's configuration, defaults included, given explicitly to both sides.
const inference = loadConfig(process.env);
const inferenceEnv = {
	ASR_MODEL_DIR: inference.ASR_MODEL_DIR,
	ASR_THREADS: String(inference.ASR_THREADS),
	ASR_LANGUAGE: inference.ASR_LANGUAGE,
	LLM_MODEL_PATH: inference.LLM_MODEL_PATH,
	LLM_THREADS: String(inference.LLM_THREADS),
	LLM_CONTEXT_SIZE: String(inference.LLM_CONTEXT_SIZE)
};

// About 75 s of speech at espeak-ng's 165 words a minute.
const SPEECH = [
	'Chapter one. The ferry left the harbour at dawn, carrying the post, two goats and a schoolteacher named Ruth.',
	'She had been sent to the island to open a school that had been closed for eleven years.',
	'The fishermen watched her climb the path with a trunk of books and wondered how long she would stay.',
	'The schoolhouse had a leaking roof, a stove that smoked and a map of the world with half of Africa torn away.',
	'Ruth mended the roof with tar from the boatyard and drew the missing coast from memory.',
	'On the first morning only three children came. By the end of the month there were fourteen,',
	'and their parents began to come in the evenings to learn to read the letters that the ferry brought.',
	'Chapter two. In November a storm cut the island off for nine days.',
	'The lamp at the pier went out, the radio failed, and the flour ran low.',
	'Ruth kept the school open, because the stove was the warmest place on the island,',
	'and every night the families gathered there to share bread, to tell stories and to listen to the wind.',
	'When the ferry finally returned, the captain found the whole village singing in the schoolhouse,',
	'and he stayed for supper instead of sailing back before dark.',
	'Years later the children of that winter still said that it was the best school they ever had.'
].join(' ');
const WARM_UP_SPEECH = 'A short sentence to wake the recogniser up before the clock starts.';

// A transcript that fits one summary pass; a round takes seconds.
const TRANSCRIPT = [
	'The old lighthouse keeper climbed the stairs every evening to light the lamp.',
	'Ships passing in the night depended on that small bright flame.',
	"In the spring the keeper's granddaughter Mara came to stay. She counted the ships from the gallery and wrote their names in a blue notebook.",
	'The keeper taught her to trim the wick, to polish the great lens and to read the weather from the colour of the sea.',
	'One night a fishing boat called the Heron lost its way in the fog near the rocks.',
	'Mara saw its lantern first and rang the bell until the crew turned towards the harbour.',
	'In the morning the fishermen brought bread and smoked fish to thank her, and the village talked about nothing else.',
	'When the keeper grew too old for the stairs, Mara took over the lamp, and the light never once went out.'
].join(' ');
const TAXONOMY = [
	{ slug: 'fiction', name: 'Fiction' },
	{ slug: 'adventure', name: 'Adventure' },
	{ slug: 'children', name: 'Children' },
	{ slug: 'history', name: 'History' },
	{ slug: 'mystery', name: 'Mystery' },
	{ slug: 'science', name: 'Science' },
	{ slug: 'biography', name: 'Biography' }
];

const missing = missingModels();
if (missing && only !== 'console') {
	// As the real-sidecar tests do: say why and skip, rather than fail `make bench` on a fresh clone.
	console.log(`pipeline bench skipped: ${missing} (BENCH_ONLY=console runs the console part alone)`);
	process.exit(0);
}

const wallClock = () => performance.timeOrigin + performance.now();
/** How a console message spells its event's stamp (see console-writer.ts). */
const SENT_AT = `"${'sentAt' satisfies keyof StampedLog}":`;

/** Sends one run to a worker process and waits for its answer; the worker dying fails the bench. */
function ask<Run, Answer>(worker: ChildProcess, run: Run | null): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const died = (code: number | null) => reject(new Error(`${worker.spawnargs.at(-1)} exited with ${code}`));
		worker.once('exit', died);
		worker.once('message', (answer: Answer) => {
			worker.off('exit', died);
			const error = (answer as { error?: string }).error;
			if (error) reject(new Error(error));
			else resolve(answer);
		});
		if (run) worker.send(run as object);
	});
}

function startWorker(file: string, workerEnv: Record<string, string>): ChildProcess {
	return fork(path.join(import.meta.dirname, 'lib', file), {
		execArgv: ['--import', 'tsx'],
		env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_NO_WARNINGS: '1', ...workerEnv }
	});
}

interface NdjsonEvent {
	type: string;
	start?: number;
	end?: number;
	segments?: Array<{ text: string }>;
	message?: string;
	description?: string;
	categories?: string[];
}

/** One sidecar request read to its end; its CPU is the sidecar's process over the request. */
async function sidecarCall(sidecar: Sidecar, route: string, body: unknown): Promise<{ events: NdjsonEvent[]; seconds: number; cpu: Measured['cpu'] }> {
	const before = processCpuSeconds(sidecar.pid);
	const started = performance.now();
	const res = await fetch(`${sidecar.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await res.text();
	const seconds = (performance.now() - started) / 1000;
	const after = processCpuSeconds(sidecar.pid);
	if (!res.ok) throw new Error(`POST ${route} answered ${res.status}: ${text}`);
	const events = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as NdjsonEvent);
	const error = events.find((e) => e.type === 'error');
	if (error) throw new Error(`POST ${route} streamed an error: ${error.message}`);
	return { events, seconds, cpu: { main: after.main - before.main, total: after.total - before.total } };
}

const workDir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-bench-pipeline-'));
const cpuBusyAtStart = await cpuBusyBeforeBench();
let sidecar: Sidecar | undefined;
let worker: ChildProcess | undefined;
let writer: ChildProcess | undefined;
let app: BenchApp | undefined;
const sockets: WebSocket[] = [];

try {
	console.log(
		`pipeline bench: ${inference.ASR_MODEL_DIR.split('/').pop()} with ${inference.ASR_THREADS} threads, ` +
			`${inference.LLM_MODEL_PATH.split('/').pop()} with ${inference.LLM_THREADS} thread(s); ${asrRounds} transcription rounds, ` +
			`${llmRounds} summary rounds; ${consoles} consoles at ${eventRate} events/s for ${consoleSeconds} s; ` +
			`${os.cpus().length} CPUs, ${(cpuBusyAtStart * 100).toFixed(0)}% busy before the start`
	);
	const engines = only === 'console' ? null : await inferenceRatios();
	const latency = only === 'inference' ? null : await consoleLatency();
	const rows = engines?.rows ?? [];
	const bounds: Bound[] = latency
		? [{ name: `console p95: ${eventRate}/s → ${consoles} consoles`, unit: 'ms', value: latency.p95, atMost: consoleGoalMs }]
		: [];

	printTable('Pipeline bench (ratio = subject / baseline, same run, same machine)', rows, bounds);
	if (engines) {
		const { rtf, sameWork } = engines;
		console.log(
			`real-time factor (seconds to transcribe one second of audio, lower is faster): sidecar ${rtf.sidecar.toFixed(3)}, ` +
				`sherpa-onnx ${rtf.raw.toFixed(3)}`
		);
		console.log(
			`same work: ${sameWork.chunks.sidecar} chunks vs ${sameWork.chunks.raw}; transcripts ` +
				`${sameWork.transcriptsEqual ? 'identical' : 'DIFFER'}; summaries ${sameWork.summariesEqual ? 'the same answer' : 'DIFFER'} ` +
				`(sidecar: ${sameWork.summaryAttempts.join('; ')})`
		);
	}
	if (latency) {
		console.log(
			`console: ${latency.delivered} of ${latency.expected} deliveries (${latency.written} events written in ` +
				`${latency.writeSeconds.toFixed(1)} s = ${(latency.written / latency.writeSeconds).toFixed(0)}/s); write→arrival ` +
				`p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms; ` +
				`CPU of the app ${(latency.appCpuSeconds / latency.writeSeconds).toFixed(2)} cores, of the bench's ${consoles} ` +
				`receivers ${(latency.receiversCpuSeconds / latency.writeSeconds).toFixed(2)} (${latency.database})`
		);
	}
	const file = writeResults(
		'pipeline',
		rows,
		{
			asrModel: inference.ASR_MODEL_DIR.split('/').pop(),
			asrThreads: inference.ASR_THREADS,
			llmModel: inference.LLM_MODEL_PATH.split('/').pop(),
			llmThreads: inference.LLM_THREADS,
			llmContextSize: inference.LLM_CONTEXT_SIZE,
			asrRounds,
			llmRounds,
			realTimeFactor: engines?.rtf,
			sameWork: engines?.sameWork,
			console: latency ? { consoles, eventRate, seconds: consoleSeconds, pollMs: Number(consolePollMs ?? 100), ...latency } : undefined,
			cpuBusyAtStart
		},
		bounds
	);
	console.log(`results written to ${path.relative(process.cwd(), file)}`);
	if (process.env.BENCH_STRICT === '1' && !(rows.every(passes) && bounds.every(withinBound))) process.exitCode = 1;
} finally {
	for (const ws of sockets) ws.terminate();
	if (writer?.connected) writer.disconnect();
	if (worker?.connected) worker.disconnect();
	await sidecar?.kill('SIGTERM');
	await app?.stop();
	rmSync(workDir, { recursive: true, force: true });
}

/** The sidecar against its engines called directly: transcription, then summaries. */
async function inferenceRatios() {
	const speech = speechMp3(SPEECH, path.join(workDir, 'speech.mp3'));
	const warmUpSpeech = speechMp3(WARM_UP_SPEECH, path.join(workDir, 'warm-up.mp3'));
	const side = (sidecar = await startSidecar(undefined, { ...inferenceEnv, LOAD_MODELS: 'eager' }));
	const raw = (worker = startWorker('inference-worker.ts', inferenceEnv));
	await ask<InferenceRun, InferenceAnswer>(raw, null);

	// The sides' outputs, kept to check that they did the same work.
	const seen = { sidecarText: '', rawText: '', sidecarChunks: 0, rawChunks: 0, sidecarSummary: '', rawSummary: '', sidecarAttempts: [] as string[] };
	const sidecarTranscribe = async (file: string): Promise<Measured> => {
		const { events, seconds, cpu } = await sidecarCall(side, '/v1/transcribe', { audio: { path: file } });
		const chunks = events.filter((e) => e.type === 'chunk');
		if (!events.some((e) => e.type === 'done')) throw new Error('the transcription stream ended without done');
		seen.sidecarChunks = chunks.length;
		seen.sidecarText = chunks.flatMap((c) => c.segments!.map((s) => s.text.trim())).join(' ');
		return { count: chunks.reduce((sum, c) => sum + c.end! - c.start!, 0), seconds, cpu };
	};
	const rawTranscribe = async (file: string): Promise<Measured> => {
		const a = (await ask<InferenceRun, InferenceAnswer>(raw, { kind: 'transcribe', file })) as { measured: Measured; chunks: number; text: string };
		seen.rawChunks = a.chunks;
		seen.rawText = a.text;
		return a.measured;
	};
	const sidecarSummarize = async (): Promise<Measured> => {
		const { events, seconds, cpu } = await sidecarCall(side, '/v1/summarize', { transcript: TRANSCRIPT, taxonomy: TAXONOMY });
		const result = events.find((e) => e.type === 'result');
		if (!result) throw new Error('the summary stream ended without a result');
		seen.sidecarSummary = result.description!;
		seen.sidecarAttempts = events.filter((e) => e.type === 'log' && /^attempt/.test(e.message ?? '')).map((e) => e.message!);
		return { count: 1, seconds, cpu };
	};
	const rawSummarize = async (): Promise<Measured> => {
		const run: InferenceRun = { kind: 'summarize', transcript: TRANSCRIPT, taxonomy: TAXONOMY.map((t) => t.name) };
		const a = (await ask<InferenceRun, InferenceAnswer>(raw, run)) as { measured: Measured; output: string };
		seen.rawSummary = (JSON.parse(a.output) as { description: string }).description.trim();
		return a.measured;
	};

	console.log('  warming up (a short file and one summary each side)…');
	await rawTranscribe(warmUpSpeech);
	await sidecarTranscribe(warmUpSpeech);
	await rawSummarize();
	await sidecarSummarize();

	const rows = [
		await interleave({
			name: 'transcribe: sidecar vs sherpa-onnx',
			unit: 'audio s/s',
			goal: 0.95,
			rounds: asrRounds,
			subject: () => sidecarTranscribe(speech),
			baseline: () => rawTranscribe(speech)
		}),
		await interleave({
			name: 'summarize: sidecar vs node-llama-cpp',
			unit: 'summaries/s',
			goal: 0.95,
			rounds: llmRounds,
			subject: sidecarSummarize,
			baseline: rawSummarize
		})
	];
	await side.kill('SIGTERM');
	raw.disconnect();
	const asr = rows[0]!;
	return {
		rows,
		rtf: { sidecar: 1 / asr.subject, raw: 1 / asr.baseline },
		sameWork: {
			chunks: { sidecar: seen.sidecarChunks, raw: seen.rawChunks },
			transcriptsEqual: seen.sidecarText === seen.rawText,
			// The sidecar cuts an over-long description back to whole sentences: the same answer, shorter.
			summariesEqual: seen.sidecarSummary.length > 0 && seen.rawSummary.startsWith(seen.sidecarSummary),
			summaryAttempts: seen.sidecarAttempts,
			summaries: { sidecar: seen.sidecarSummary, raw: seen.rawSummary }
		}
	};
}

function percentile(sorted: Float64Array, p: number): number {
	return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

async function consoleLatency() {
	app = await startBenchApp({ PIPELINE_RUNNER: 'off', ...(consolePollMs ? { CONSOLE_POLL_MS: consolePollMs } : {}) });
	writer = startWorker('console-writer.ts', { DATABASE_URL: app.databaseUrl });
	const { token } = (await ask<WriterRun, WriterAnswer>(writer, { kind: 'admin' })) as { token: string };
	const bookId = 'bench-console-book';
	const expected = Math.round(eventRate * consoleSeconds) * consoles;
	const latencies = new Float64Array(expected);
	let delivered = 0;
	const wsUrl = `${app.url.replace('http', 'ws')}/ws/admin/console?book=${bookId}`;
	await Promise.all(
		Array.from(
			{ length: consoles },
			() =>
				new Promise<void>((resolve, reject) => {
					const ws = new WebSocket(wsUrl, { headers: { cookie: `earshelf_session=${token}`, origin: app!.url } });
					sockets.push(ws);
					ws.on('message', (data) => {
						const arrived = wallClock();
						// 50,000 messages a second land in this one process: read the stamp without parsing the
						// whole message, so the bench's own cost stays out of the latency it measures.
						const text = String(data);
						const at = text.indexOf(SENT_AT);
						if (at >= 0 && delivered < expected) latencies[delivered++] = arrived - Number.parseFloat(text.slice(at + SENT_AT.length));
						else if (text.includes('"type":"hello"')) resolve();
					});
					ws.on('unexpected-response', (_req, res) => reject(new Error(`the console refused the bench's admin: HTTP ${res.statusCode}`)));
					ws.on('error', reject);
				})
		)
	);
	console.log(`  ${consoles} consoles open; writing ${eventRate} events/s for ${consoleSeconds} s…`);
	const cpuBefore = app.cpuSeconds();
	const receiversBefore = processCpuSeconds(process.pid);
	const { written, seconds: writeSeconds } = (await ask<WriterRun, WriterAnswer>(writer, { kind: 'write', bookId, rate: eventRate, seconds: consoleSeconds })) as { written: number; seconds: number };
	const cpuAfter = app.cpuSeconds();
	const receiversAfter = processCpuSeconds(process.pid);
	// The last events are on their way: wait for them (a lost one shows as a delivery count short).
	const deadline = Date.now() + 5000;
	while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
	const sorted = latencies.slice(0, delivered).sort();
	return {
		database: app.databaseUrl.split(':')[0],
		written,
		writeSeconds,
		expected,
		delivered,
		p50: percentile(sorted, 0.5),
		p95: percentile(sorted, 0.95),
		p99: percentile(sorted, 0.99),
		max: sorted.length ? sorted[sorted.length - 1]! : NaN,
		appCpuSeconds: cpuAfter.total - cpuBefore.total,
		receiversCpuSeconds: receiversAfter.total - receiversBefore.total
	};
}
