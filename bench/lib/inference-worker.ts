/**
 * The pipeline bench's baselines: sherpa-onnx and node-llama-cpp called directly, in a process of
 * their own (as the sidecar is), with the sidecar's model files, thread counts and settings.
 *  - transcribe: the file decoded and cut with the sidecar's own decodePcm and chunkPcm (ffmpeg to
 *    16 kHz mono, quiet-point cuts of 10–28 s), each chunk recognised by one sherpa-onnx
 *    OfflineRecognizer built with the sidecar's recogniser config, of the precision and language the
 *    run names (default: the sidecar's ASR_PRECISION and ASR_LANGUAGE; one recogniser is built per
 *    pair and kept, as the sidecar keeps one per language), in the sidecar's pieces padded to 29 s
 *    (inference/src/asr/pieces.ts). What is left out is what the
 *    sidecar adds: HTTP, validation, ffprobe for the duration, the engine and provider wrappers,
 *    segment clamping and the NDJSON stream.
 *  - summarize: the sidecar's summarize() (embedding analysis, drafts, checks) with the same
 *    engines and settings, called in this process. Left out: the sidecar's HTTP and event stream.
 * The packages are resolved from inference/ (they are its dependencies, not the app's). The parent
 * sends one InferenceRun at a time and gets one InferenceAnswer.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { decodePcm, SAMPLE_RATE } from '../../inference/src/asr/audio';
import { chunkPcm, DEFAULT_CHUNKING } from '../../inference/src/asr/chunker';
import { joinSegments } from '../../inference/src/asr/language';
import { maxPieceSeconds, padWithSilence, splitIntoPieces } from '../../inference/src/asr/pieces';
import { findWhisperFiles, type WhisperPrecision } from '../../inference/src/asr/whisper';
import { loadConfig } from '../../inference/src/config';
import { createAnalyser } from '../../inference/src/embed/analyse';
import { createE5Embedder } from '../../inference/src/embed/engine';
import { createLlamaEngine } from '../../inference/src/llm/engine';
import { summarize as summarizeBook } from '../../inference/src/llm/summarize';
import type { Measured } from './interleave';
import { processCpuSeconds } from './machine';

export type InferenceRun =
	| { kind: 'transcribe'; file: string; precision?: WhisperPrecision; language?: string }
	| { kind: 'summarize'; transcript: string; taxonomy: Array<{ slug: string; name: string }> };
export type InferenceAnswer =
	| { ready: true }
	| { measured: Measured; chunks: number; text: string; language: string }
	| { measured: Measured; output: string }
	| { error: string };

const inferenceDir = path.resolve(import.meta.dirname, '../../inference');
const requireFromInference = createRequire(path.join(inferenceDir, 'package.json'));
/** What the parent passes (the sidecar's settings, bench/pipeline.ts's inferenceEnv). */
const env = process.env as Record<'ASR_MODEL_DIR' | 'ASR_THREADS' | 'ASR_LANGUAGE' | 'LLM_MODEL_PATH' | 'LLM_THREADS' | 'LLM_CONTEXT_SIZE', string> & {
	ASR_PRECISION: WhisperPrecision;
};

interface Recognizer {
	createStream(): { acceptWaveform(w: { sampleRate: number; samples: Float32Array }): void };
	decodeAsync(stream: unknown): Promise<{ text: string; lang?: string }>;
}
const sherpa = requireFromInference('sherpa-onnx-node') as { OfflineRecognizer: { createAsync(config: object): Promise<Recognizer> } };

const recognizers = new Map<string, Promise<Recognizer>>();
function recognizerFor(precision: WhisperPrecision, language: string): Promise<Recognizer> {
	const key = `${precision} ${language}`;
	if (!recognizers.has(key)) {
		const files = findWhisperFiles(env.ASR_MODEL_DIR, precision);
		recognizers.set(
			key,
			sherpa.OfflineRecognizer.createAsync({
				featConfig: { sampleRate: SAMPLE_RATE, featureDim: 80 },
				modelConfig: {
					whisper: { encoder: files.encoder, decoder: files.decoder, language, task: 'transcribe', enableSegmentTimestamps: 1 },
					tokens: files.tokens,
					numThreads: Number(env.ASR_THREADS),
					provider: 'cpu',
					debug: 0
				}
			})
		);
	}
	return recognizers.get(key)!;
}
await recognizerFor(env.ASR_PRECISION, env.ASR_LANGUAGE);

// The summariser's own code and engines, in this process: what the sidecar adds is HTTP and its event stream.
const llm = await createLlamaEngine({ modelPath: env.LLM_MODEL_PATH, gpu: false, threads: Number(env.LLM_THREADS), contextSize: Number(env.LLM_CONTEXT_SIZE) });
const embedConfig = loadConfig(process.env);
const embedder = await createE5Embedder({ dir: embedConfig.EMBED_MODEL_DIR, threads: embedConfig.EMBED_THREADS });
const analyser = createAnalyser(embedder, { cacheDir: embedConfig.EMBED_CACHE_DIR ?? embedConfig.EMBED_MODEL_DIR });

function cpuSince(before: ReturnType<typeof processCpuSeconds>) {
	const after = processCpuSeconds(process.pid);
	return { main: after.main - before.main, total: after.total - before.total };
}

async function transcribe(file: string, precision: WhisperPrecision, language: string): Promise<InferenceAnswer> {
	const recognizer = await recognizerFor(precision, language);
	const cpuBefore = processCpuSeconds(process.pid);
	const started = performance.now();
	let audioSamples = 0;
	let chunks = 0;
	let heard = language;
	const texts: string[] = [];
	for await (const chunk of chunkPcm(decodePcm(file), DEFAULT_CHUNKING)) {
		// As the sidecar decodes: pieces short enough for sherpa-onnx's token budget, padded to 29 s.
		for (const piece of splitIntoPieces(chunk.samples, maxPieceSeconds(language))) {
			const stream = recognizer.createStream();
			stream.acceptWaveform({ sampleRate: SAMPLE_RATE, samples: padWithSilence(piece.samples) });
			const result = await recognizer.decodeAsync(stream);
			texts.push(result.text);
			heard ||= result.lang ?? '';
		}
		audioSamples += chunk.samples.length;
		chunks++;
	}
	const seconds = (performance.now() - started) / 1000;
	return {
		measured: { count: audioSamples / SAMPLE_RATE, seconds, cpu: cpuSince(cpuBefore) },
		chunks,
		text: joinSegments(texts, heard),
		language: heard
	};
}

async function summarize(transcript: string, taxonomy: Array<{ slug: string; name: string }>): Promise<InferenceAnswer> {
	const cpuBefore = processCpuSeconds(process.pid);
	const started = performance.now();
	const generator = summarizeBook({ llm, ...analyser }, { transcript, taxonomy, language: 'en', durationSeconds: 0, generation: 0, writes: ['en'] });
	let next = await generator.next();
	while (!next.done) next = await generator.next();
	return { measured: { count: 1, seconds: (performance.now() - started) / 1000, cpu: cpuSince(cpuBefore) }, output: JSON.stringify({ description: next.value.description }) };
}

process.on('message', (run: InferenceRun) => {
	const work =
		run.kind === 'transcribe'
			? transcribe(run.file, run.precision ?? env.ASR_PRECISION, run.language ?? env.ASR_LANGUAGE)
			: summarize(run.transcript, run.taxonomy);
	work.then(
		(a) => process.send?.(a),
		(e: unknown) => process.send?.({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
	);
});
process.on('disconnect', () => {
	void Promise.allSettled([llm.dispose(), embedder.dispose()]).finally(() => process.exit(0));
});
process.send?.({ ready: true });
