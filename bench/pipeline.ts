/**
 * Pipeline bench: the inference sidecar against its engines called directly, and the admin console's
 * delivery latency.
 *  - transcribe: POST /v1/transcribe on a generated espeak-ng speech file (~75 s), whole file, vs the
 *    same file through the sidecar's own decodePcm and chunkPcm and a sherpa-onnx recogniser called
 *    directly, with the same model, the same config and the same thread count, in a worker process
 *    (bench/lib/inference-worker.ts says what each side does). Rates are seconds of audio per second;
 *    the real-time factor of both sides is printed under the table.
 *  - whisper int8 vs float32: the same file, the same threads, through the baseline's sherpa-onnx
 *    recognisers of each precision in alternating rounds; goal ≥ 2 (int8 at most half float32's
 *    time, the bar for making int8 the default). Then the accuracy of both precisions on a small
 *    generated set (English by espeak-ng and, where Debian's flite is installed, flite's slt voice;
 *    Thai by espeak-ng): WER and CER per recording under the table, and int8's English WER held to
 *    ≤ 110% of float32's (one table row with no baseline).
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
 * console: that part alone; asr: the transcription rows alone), TEST_DB=mysql to
 * run the console part on MariaDB (scripts/mariadb.sh). Needs ffmpeg and espeak-ng, and the
 * sidecar's models (`make models`; without them the bench says so and skips).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { joinSegments } from '../inference/src/asr/language';
import { characterErrorRate, wordErrorRate } from '../inference/src/asr/wer';
import type { WhisperPrecision } from '../inference/src/asr/whisper';
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
const PRECISIONS: WhisperPrecision[] = ['float32', 'int8'];
/** `inference`, `asr` (transcription only) or `console` runs only that part (the table then has only its rows). */
const only = process.env.BENCH_ONLY;
/** The app's CONSOLE_POLL_MS when set (its default otherwise), to see what the poll interval costs. */
const consolePollMs = process.env.CONSOLE_POLL_MS;
// The sidecar's configuration, defaults included, given explicitly to both sides.
const inference = loadConfig(process.env);
const inferenceEnv = {
	ASR_MODEL_DIR: inference.ASR_MODEL_DIR,
	ASR_THREADS: String(inference.ASR_THREADS),
	ASR_LANGUAGE: inference.ASR_LANGUAGE,
	ASR_PRECISION: inference.ASR_PRECISION,
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
// Thai for the accuracy rows, about 30 s through espeak-ng (whose Thai is poor: see inference/README.md).
const SPEECH_TH = [
	'วันนี้อากาศดีมาก เด็กๆ ออกไปเล่นฟุตบอลที่สนามหลังโรงเรียน',
	'คุณยายทำขนมหวานให้หลานกินทุกวันอาทิตย์',
	'รถไฟขบวนนี้จะออกจากสถานีตอนแปดโมงเช้า',
	'ฉันชอบอ่านหนังสือนิทานก่อนนอน',
	'แม่น้ำสายนี้ไหลผ่านหมู่บ้านเล็กๆ หลายแห่ง'
];

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
	language?: string | null;
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
		`pipeline bench: ${inference.ASR_MODEL_DIR.split('/').pop()} ${inference.ASR_PRECISION} with ${inference.ASR_THREADS} threads, ` +
			`${inference.LLM_MODEL_PATH.split('/').pop()} with ${inference.LLM_THREADS} thread(s); ${asrRounds} transcription rounds, ` +
			`${llmRounds} summary rounds; ${consoles} consoles at ${eventRate} events/s for ${consoleSeconds} s; ` +
			`${os.cpus().length} CPUs, ${(cpuBusyAtStart * 100).toFixed(0)}% busy before the start`
	);
	const engines = only === 'console' ? null : await inferenceRatios();
	const latency = only === 'inference' || only === 'asr' ? null : await consoleLatency();
	const rows = engines?.rows ?? [];
	const bounds: Bound[] = [
		...(engines ? [engines.accuracy.bound] : []),
		...(latency ? [{ name: `console p95: ${eventRate}/s → ${consoles} consoles`, unit: 'ms', value: latency.p95, atMost: consoleGoalMs }] : [])
	];

	printTable('Pipeline bench (ratio = subject / baseline, same run, same machine)', rows, bounds);
	if (engines) {
		const { rtf, sameWork, accuracy } = engines;
		console.log(
			`real-time factor (seconds to transcribe one second of audio, lower is faster): sidecar ${rtf.sidecar.toFixed(3)}, ` +
				`sherpa-onnx ${rtf.raw.toFixed(3)}; whisper int8 ${rtf.int8.toFixed(3)}, float32 ${rtf.float32.toFixed(3)}`
		);
		console.log(
			`same work: ${sameWork.chunks.sidecar} chunks vs ${sameWork.chunks.raw}; transcripts ` +
				`${sameWork.transcriptsEqual ? 'identical' : 'DIFFER'}` +
				(sameWork.summaryAttempts ? `; summaries ${sameWork.summariesEqual ? 'the same answer' : 'DIFFER'} (sidecar: ${sameWork.summaryAttempts.join('; ')})` : '')
		);
		console.log(`accuracy (${accuracy.model}, same recordings, lower is better):`);
		for (const a of accuracy.rows) {
			console.log(`  ${a.recording.padEnd(12)} ${a.precision.padEnd(7)} WER ${a.wer.toFixed(3)}  CER ${a.cer.toFixed(3)}  heard: ${a.text.slice(0, 70)}`);
		}
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
			asrPrecision: inference.ASR_PRECISION,
			asrThreads: inference.ASR_THREADS,
			llmModel: inference.LLM_MODEL_PATH.split('/').pop(),
			llmThreads: inference.LLM_THREADS,
			llmContextSize: inference.LLM_CONTEXT_SIZE,
			asrRounds,
			llmRounds,
			realTimeFactor: engines?.rtf,
			sameWork: engines?.sameWork,
			accuracy: engines?.accuracy.rows,
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

/** The sidecar against its engines called directly: transcription, int8 against float32, then summaries. */
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
		const done = events.find((e) => e.type === 'done');
		if (!done) throw new Error('the transcription stream ended without done');
		seen.sidecarChunks = chunks.length;
		seen.sidecarText = joinSegments(chunks.flatMap((c) => c.segments!.map((s) => s.text)), done.language);
		return { count: chunks.reduce((sum, c) => sum + c.end! - c.start!, 0), seconds, cpu };
	};
	const rawRun = async (file: string, precision?: WhisperPrecision, language?: string) =>
		(await ask<InferenceRun, InferenceAnswer>(raw, { kind: 'transcribe', file, precision, language })) as { measured: Measured; chunks: number; text: string };
	const rawTranscribe = async (file: string): Promise<Measured> => {
		const a = await rawRun(file);
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
		const run: InferenceRun = { kind: 'summarize', transcript: TRANSCRIPT, taxonomy: TAXONOMY };
		const a = (await ask<InferenceRun, InferenceAnswer>(raw, run)) as { measured: Measured; output: string };
		seen.rawSummary = (JSON.parse(a.output) as { description: string }).description.trim();
		return a.measured;
	};
	const withSummaries = only !== 'asr';

	console.log(`  warming up (a short file each side and precision${withSummaries ? ', one summary each side' : ''})…`);
	await rawTranscribe(warmUpSpeech);
	await sidecarTranscribe(warmUpSpeech);
	for (const precision of PRECISIONS) await rawRun(warmUpSpeech, precision, 'en');
	if (withSummaries) {
		await rawSummarize();
		await sidecarSummarize();
	}

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
			name: 'whisper: int8 vs float32',
			unit: 'audio s/s',
			goal: 2,
			rounds: asrRounds,
			subject: async () => (await rawRun(speech, 'int8', 'en')).measured,
			baseline: async () => (await rawRun(speech, 'float32', 'en')).measured
		}),
		...(withSummaries
			? [
					await interleave({
						name: 'summarize: sidecar vs node-llama-cpp',
						unit: 'summaries/s',
						goal: 0.95,
						rounds: llmRounds,
						subject: sidecarSummarize,
						baseline: rawSummarize
					})
				]
			: [])
	];
	const accuracy = await accuracyOfPrecisions(speech, (file, precision, language) => rawRun(file, precision, language));
	await side.kill('SIGTERM');
	raw.disconnect();
	const [asr, precisions] = rows;
	return {
		rows,
		rtf: { sidecar: 1 / asr!.subject, raw: 1 / asr!.baseline, int8: 1 / precisions!.subject, float32: 1 / precisions!.baseline },
		sameWork: {
			chunks: { sidecar: seen.sidecarChunks, raw: seen.rawChunks },
			transcriptsEqual: seen.sidecarText === seen.rawText,
			// The sidecar cuts an over-long description back to whole sentences: the same answer, shorter.
			summariesEqual: seen.sidecarSummary.length > 0 && seen.rawSummary.startsWith(seen.sidecarSummary),
			summaryAttempts: withSummaries ? seen.sidecarAttempts : undefined,
			summaries: { sidecar: seen.sidecarSummary, raw: seen.rawSummary }
		},
		accuracy
	};
}

/**
 * WER and CER of each precision on the same generated recordings, and int8's English WER over
 * float32's as a bound (≤ 1.1: int8 may not be the default if it hears noticeably worse).
 */
async function accuracyOfPrecisions(
	englishMp3: string,
	transcribe: (file: string, precision: WhisperPrecision, language: string) => Promise<{ text: string }>
) {
	const recordings = [{ recording: 'en espeak', file: englishMp3, language: 'en', reference: SPEECH }];
	if (hasCommand('flite')) {
		const file = path.join(workDir, 'speech-flite.wav');
		execFileSync('flite', ['-voice', 'slt', '-t', SPEECH, '-o', file]);
		recordings.push({ recording: 'en flite', file, language: 'en', reference: SPEECH });
	}
	const thai = path.join(workDir, 'speech-th.wav');
	execFileSync('espeak-ng', ['-v', 'th', '-s', '140', '-w', thai, SPEECH_TH.join(' ... ')]);
	recordings.push({ recording: 'th espeak', file: thai, language: 'th', reference: SPEECH_TH.join(' ') });

	const rows: Array<{ recording: string; precision: WhisperPrecision; wer: number; cer: number; text: string }> = [];
	for (const r of recordings) {
		for (const precision of PRECISIONS) {
			const { text } = await transcribe(r.file, precision, r.language);
			rows.push({ recording: r.recording, precision, wer: wordErrorRate(r.reference, text), cer: characterErrorRate(r.reference, text), text });
		}
	}
	const englishWer = (precision: WhisperPrecision) =>
		rows.filter((a) => a.precision === precision && a.recording.startsWith('en')).reduce((sum, a) => sum + a.wer, 0);
	const [int8, float32] = [englishWer('int8'), englishWer('float32')];
	// In percent: the table prints bounds with one decimal, and 1.15× would read as "1.1".
	const bound: Bound = {
		name: "whisper: int8's English WER, % of float32's",
		unit: '%',
		value: 100 * (float32 > 0 ? int8 / float32 : int8 > 0 ? Infinity : 1),
		atMost: 110
	};
	return { model: inference.ASR_MODEL_DIR.split('/').pop(), rows, bound };
}

function hasCommand(name: string): boolean {
	try {
		execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
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
