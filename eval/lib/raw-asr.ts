/**
 * The "raw engine" side of the WER comparison: the same MP3 through sherpa-onnx's recogniser called
 * directly, in the pipeline bench's worker (bench/lib/inference-worker.ts: the sidecar's decodePcm
 * and chunkPcm, one OfflineRecognizer with the sidecar's model and settings), one worker per
 * language. Transcripts are cached under eval/.cache/raw/ by audio, language and model files.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../inference/src/config';
import { CACHE_DIR } from './synth';

/**
 * The part of the worker's protocol used here (InferenceRun and InferenceAnswer in
 * bench/lib/inference-worker.ts; not imported, so that type-checking eval/ does not pull in the
 * sidecar's native-module typings).
 */
type InferenceRun = { kind: 'transcribe'; file: string };
type InferenceAnswer = { ready: true } | { text: string } | { error: string };

const RAW_DIR = path.join(CACHE_DIR, 'raw');
const WORKER = path.resolve(import.meta.dirname, '../../bench/lib/inference-worker.ts');

export interface RawAsr {
	transcribe(file: string, audioKey: string, language: 'en' | 'th'): Promise<{ text: string; cached: boolean }>;
	stop(): Promise<void>;
}

export function rawAsr(): RawAsr {
	const config = loadConfig(process.env);
	// The model files' names, sizes and times name the model: a new export makes new raw transcripts.
	const modelFiles = readdirSync(config.ASR_MODEL_DIR).filter((f) => /\.(onnx|txt)$/.test(f)).sort();
	const modelSignature = createHash('sha256')
		.update(modelFiles.map((f) => `${f}:${statSync(path.join(config.ASR_MODEL_DIR, f)).size}:${statSync(path.join(config.ASR_MODEL_DIR, f)).mtimeMs}`).join('|'))
		.digest('hex')
		.slice(0, 12);
	const workers = new Map<string, Promise<ChildProcess>>();

	const workerFor = (language: string) => {
		let w = workers.get(language);
		if (!w) {
			const child = fork(WORKER, {
				execArgv: ['--import', 'tsx'],
				env: {
					PATH: process.env.PATH,
					HOME: process.env.HOME,
					NODE_NO_WARNINGS: '1',
					ASR_MODEL_DIR: config.ASR_MODEL_DIR,
					ASR_THREADS: String(config.ASR_THREADS),
					ASR_LANGUAGE: language,
					LLM_MODEL_PATH: config.LLM_MODEL_PATH,
					LLM_THREADS: String(config.LLM_THREADS),
					LLM_CONTEXT_SIZE: String(config.LLM_CONTEXT_SIZE)
				}
			});
			w = ask(child, null).then(() => child);
			workers.set(language, w);
		}
		return w;
	};

	return {
		async transcribe(file, audioKey, language) {
			const cached = path.join(RAW_DIR, `${audioKey}-${language}-${modelSignature}.txt`);
			if (existsSync(cached)) return { text: readFileSync(cached, 'utf8'), cached: true };
			const answer = (await ask(await workerFor(language), { kind: 'transcribe', file })) as { text: string };
			mkdirSync(RAW_DIR, { recursive: true });
			writeFileSync(cached, answer.text);
			return { text: answer.text, cached: false };
		},
		async stop() {
			for (const w of workers.values()) {
				const child = await w.catch(() => null);
				if (child?.connected) {
					const exited = new Promise((r) => child.once('exit', r));
					child.disconnect();
					await exited;
				}
			}
		}
	};
}

/** One run to the worker and its answer; the worker dying or answering an error rejects. */
function ask(worker: ChildProcess, run: InferenceRun | null): Promise<InferenceAnswer> {
	return new Promise((resolve, reject) => {
		const died = (code: number | null) => reject(new Error(`the raw ASR worker exited with ${code}`));
		worker.once('exit', died);
		worker.once('message', (answer: InferenceAnswer) => {
			worker.off('exit', died);
			if ('error' in answer) reject(new Error(answer.error));
			else resolve(answer);
		});
		if (run) worker.send(run);
	});
}
