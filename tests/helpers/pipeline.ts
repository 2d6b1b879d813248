/**
 * Fixtures of the pipeline and console tests: books inserted straight into the database (the
 * pipeline does not care how a book was uploaded), speech made with espeak-ng, the real inference
 * sidecar as a child process, and browser session cookies for the console handshake.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/lib/server/db';
import type { PipelineStepName } from '../../src/lib/server/db/schema';
import { createSteps } from '../../src/lib/server/pipeline/steps.repository';
import { freePort } from './app';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const INFERENCE_DIR = path.join(ROOT, 'inference');

/** About a minute of speech: three or so chunks, and enough story for the small LLM's 60-word description. */
export const LIGHTHOUSE_TEXT = [
	'Chapter one. The old lighthouse keeper climbed the stairs every evening to light the lamp.',
	'Ships passing in the night depended on that small bright flame.',
	'One winter a storm broke the window at the top of the tower, and he repaired it with wood from a broken boat.',
	'The villagers never forgot his courage and told the story to their children.',
	"Chapter two. In the spring the keeper's granddaughter Mara came to stay at the lighthouse.",
	'She counted the ships from the gallery, wrote their names in a blue notebook and asked where each one was going.',
	'The keeper taught her to trim the wick, to polish the great lens and to read the weather from the colour of the sea.',
	'One night a fishing boat called the Heron lost its way in the fog near the rocks.',
	'Mara saw its lantern first and rang the bell until the crew turned towards the harbour.',
	'In the morning the fishermen brought bread and smoked fish to thank her, and the village talked about nothing else.'
].join(' ');

export async function insertBook(db: Db, opts: { audioKey?: string; title?: string } = {}): Promise<{ bookId: string; userId: string }> {
	const now = Date.now();
	const userId = randomUUID();
	const bookId = randomUUID();
	await db
		.insertInto('users')
		.values({ id: userId, email: `${userId}@example.com`, name: 'Uploader', password_hash: null, role: 'admin', banned_at: null, created_at: now, updated_at: now })
		.execute();
	await db
		.insertInto('books')
		.values({
			id: bookId,
			upload_id: randomUUID(),
			title: opts.title ?? 'The Lighthouse Keeper',
			author: 'A. Narrator',
			narrator: null,
			description: null,
			price_minor: 19900,
			currency: 'THB',
			is_free: 0,
			status: 'draft',
			audio_key: opts.audioKey ?? `books/${bookId}/audio.mp3`,
			audio_size: 1,
			audio_mime: 'audio/mpeg',
			audio_format: 'mp3',
			duration_ms: 60_000,
			created_by: userId,
			created_at: now,
			updated_at: now,
			published_at: null
		})
		.execute();
	return { bookId, userId };
}

/**
 * A book whose transcribe step is done, with this transcript stored: the step after it is next.
 * `prepare` runs before transcribe is marked done, so a running runner cannot reach the next step
 * earlier; `without` leaves steps out of the book's pipeline (its end comes sooner).
 */
export async function insertTranscribedBook(
	db: Db,
	opts: {
		segments: ReadonlyArray<{ start: number; end: number; text: string }>;
		durationMs: number;
		language: string;
		providers?: Partial<Record<PipelineStepName, string>>;
		without?: PipelineStepName[];
		prepare?: (bookId: string) => Promise<unknown>;
	}
): Promise<string> {
	const { bookId } = await insertBook(db);
	const now = Date.now();
	await db.updateTable('books').set({ duration_ms: opts.durationMs, language: opts.language }).where('id', '=', bookId).execute();
	const text = opts.segments.map((s) => s.text).join(' ');
	await db.insertInto('transcripts').values({ book_id: bookId, text, segments: JSON.stringify(opts.segments), created_at: now }).execute();
	await createSteps(db, bookId, now, { uploadedAt: now, providers: opts.providers });
	if (opts.without?.length) await db.deleteFrom('pipeline_steps').where('book_id', '=', bookId).where('step', 'in', opts.without).execute();
	await opts.prepare?.(bookId);
	await db.updateTable('pipeline_steps').set({ status: 'succeeded', finished_at: now }).where('book_id', '=', bookId).where('step', '=', 'transcribe').execute();
	return bookId;
}

/** Stores a file where the app's local storage driver keeps blobs (DATA_DIR/blobs/objects/<key>). */
export function putLocalBlob(dataDir: string, key: string, bytes: Buffer) {
	const file = path.join(dataDir, 'blobs', 'objects', ...key.split('/'));
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, bytes);
}

/** Speech of `text` as MP3 (espeak-ng, then ffmpeg). */
export function speechMp3(text: string, file: string): string {
	const wav = `${file}.wav`;
	execFileSync('espeak-ng', ['-s', '165', '-w', wav, text]);
	execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, '-ac', '1', '-ar', '22050', '-b:a', '64k', file]);
	return file;
}

/** Null when the sidecar's models are installed; otherwise why the real-sidecar tests are skipped. */
export function missingModels(): string | null {
	const whisper = path.join(INFERENCE_DIR, 'models', 'whisper-base');
	const llm = path.join(INFERENCE_DIR, 'models', 'llm');
	const embed = path.join(INFERENCE_DIR, 'models', 'e5-small');
	const has = (dir: string, suffix: string) => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith(suffix));
	if (!has(whisper, 'encoder.onnx') || !has(llm, '.gguf') || !has(embed, '.bin')) {
		return `inference models are not installed under ${path.join(INFERENCE_DIR, 'models')}: run \`make models\` (or npm run models in inference/) to run the real-sidecar tests`;
	}
	return null;
}

export interface Sidecar {
	url: string;
	port: number;
	/** The server's process id (the bench reads its CPU time from /proc). */
	pid: number;
	output(): string;
	/** Chunk indexes this process transcribed, from its log. */
	transcribedChunks(): number[];
	/** startChunk of each transcribe request it got, from its log. */
	startChunks(): number[];
	kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The variables among `names` that this process has, to hand to a sidecar it starts (its models, threads). */
export function envFrom(names: readonly string[]): Record<string, string> {
	return Object.fromEntries(names.filter((n) => process.env[n]).map((n) => [n, process.env[n]!]));
}

export async function startSidecar(port?: number, env: Record<string, string> = {}): Promise<Sidecar> {
	const p = port ?? (await freePort());
	let out = '';
	// tsx runs the server in a child process of its own: start it in a new process group and kill the
	// group, or a SIGKILL would leave the real server running.
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
		detached: true,
		cwd: INFERENCE_DIR,
		env: { PATH: process.env.PATH, HOME: process.env.HOME, INFERENCE_PORT: String(p), INFERENCE_HOST: '127.0.0.1', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (d) => (out += d));
	child.stderr?.on('data', (d) => (out += d));
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	const url = `http://127.0.0.1:${p}`;
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`sidecar exited with ${child.exitCode}:\n${out}`);
		try {
			const health = (await (await fetch(`${url}/health`)).json()) as { models: { asr: { loaded: boolean }; llm: { loaded: boolean } } };
			if (health.models.asr.loaded && health.models.llm.loaded) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) throw new Error(`sidecar did not load its models within 120 s:\n${out}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	const numbers = (re: RegExp) => [...out.matchAll(re)].map((m) => Number(m[1]));
	return {
		url,
		port: p,
		pid: child.pid!,
		output: () => out,
		transcribedChunks: () => numbers(/chunk (\d+) transcribed/g),
		startChunks: () => numbers(/transcribe start startChunk=(\d+)/g),
		async kill(signal = 'SIGKILL') {
			if (child.exitCode === null && child.signalCode === null) {
				process.kill(-child.pid!, signal);
				await exited;
			}
		}
	};
}

/** Signs in through the sign-in form the way a browser does and returns the session cookie ("name=value"). */
export async function sessionCookie(appUrl: string, email: string, password: string): Promise<string> {
	const res = await fetch(`${appUrl}/sign-in?/password`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: appUrl, accept: 'text/html', 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
		body: new URLSearchParams({ email, password }).toString(),
		redirect: 'manual'
	});
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('earshelf_session='));
	if (!cookie) throw new Error(`sign-in gave no session cookie (status ${res.status})`);
	return cookie.split(';')[0]!;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 120_000, everyMs = 100): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, everyMs));
	}
}
