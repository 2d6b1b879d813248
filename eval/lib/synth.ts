/**
 * Speech for a passage: espeak-ng or flite reads each chapter, chapters are joined with a pause,
 * background noise is mixed in at the rendition's signal-to-noise ratio, and the result is encoded
 * as MP3 (mono, 22.05 kHz, 64 kb/s, as an admin's upload would be). Files are cached under
 * eval/.cache/audio/ by a hash of the text, the rendition and SYNTH_VERSION, so a rerun reuses them.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Passage } from './passages';
import { renditionFor, type Rendition } from './voices';

const run = promisify(execFile);

/** Bump when the way audio is made changes, so cached files are made again. */
const SYNTH_VERSION = 1;
export const CACHE_DIR = path.resolve(import.meta.dirname, '../.cache');
const AUDIO_DIR = path.join(CACHE_DIR, 'audio');
const SAMPLE_RATE = 22050;
const CHAPTER_PAUSE_SECONDS = 1.2;
/** espeak-ng's rate at speed 1 (the tests' speech uses the same). */
const ESPEAK_WPM = 165;

/** Small talk for the babble noise: nothing in it hints at any category. */
const BABBLE_TEXT = {
	en: 'Could you pass me the sugar please. I think the next one leaves at ten past. No, the other one, by the door. She said she would call back after lunch, but she never did. Two coffees and a glass of water, thanks.',
	th: 'ขอน้ำแข็งเพิ่มอีกแก้วได้ไหมคะ รถติดมากเลยวันนี้ เดี๋ยวเขาก็มาแล้วล่ะ นั่งตรงนี้ก็ได้นะ ไม่เป็นไรหรอก พรุ่งนี้ค่อยว่ากันใหม่'
};
const BABBLE_VOICES = { en: ['en-gb+m3', 'en-us+f2', 'en-029+m1'], th: ['th+m3', 'th+f2', 'th+m1'] };

export interface Synthesized {
	file: string;
	key: string;
	durationSeconds: number;
	rendition: Rendition;
	cached: boolean;
	/** Where each chapter's speech begins, in seconds (one 0 for a passage without chapters): the true chapter starts. */
	chapterStartsSeconds: number[];
}

export function cacheKey(p: Passage, r: Rendition): string {
	const spoken = p.chapters ? p.chapters.map((c) => c.text) : [p.text];
	return createHash('sha256').update(JSON.stringify({ v: SYNTH_VERSION, language: p.language, spoken, r })).digest('hex').slice(0, 32);
}

export async function synthesize(p: Passage, rendition: Rendition = renditionFor(p)): Promise<Synthesized> {
	const key = cacheKey(p, rendition);
	const file = path.join(AUDIO_DIR, `${key}.mp3`);
	const meta = path.join(AUDIO_DIR, `${key}.json`);
	if (existsSync(file) && existsSync(meta)) {
		const known = JSON.parse(readFileSync(meta, 'utf8')) as { durationSeconds: number; chapterStartsSeconds?: number[] };
		// Files made before chapter starts were recorded are made again (same audio, now with its starts).
		if (known.chapterStartsSeconds) return { file, key, durationSeconds: known.durationSeconds, rendition, cached: true, chapterStartsSeconds: known.chapterStartsSeconds };
	}
	mkdirSync(AUDIO_DIR, { recursive: true });
	const work = mkdtempSync(path.join(os.tmpdir(), 'earshelf-eval-synth-'));
	try {
		const segments = p.chapters ? p.chapters.map((c) => c.text) : [p.text];
		const wavs: string[] = [];
		const chapterStartsSeconds: number[] = [];
		let at = 0;
		for (const [i, text] of segments.entries()) {
			wavs.push(await speak(text, rendition, path.join(work, `segment-${i}`)));
			chapterStartsSeconds.push(at);
			at += (await duration(wavs[i]!)) + CHAPTER_PAUSE_SECONDS;
		}
		const speech = path.join(work, 'speech.wav');
		await joinSegments(wavs, speech);
		const mixed = rendition.noise ? await addNoise(speech, p, rendition, work) : speech;
		const tmp = path.join(work, 'book.mp3');
		await ffmpeg(['-i', mixed, '-ac', '1', '-ar', String(SAMPLE_RATE), '-b:a', '64k', tmp]);
		const durationSeconds = await duration(tmp);
		renameOrCopy(tmp, file);
		writeFileSync(meta, JSON.stringify({ id: p.id, rendition, durationSeconds, chapterStartsSeconds }, null, 2));
		return { file, key, durationSeconds, rendition, cached: false, chapterStartsSeconds };
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

async function speak(text: string, r: Rendition, base: string): Promise<string> {
	const txt = `${base}.txt`;
	const wav = `${base}.wav`;
	writeFileSync(txt, text);
	if (r.voice.engine === 'espeak-ng') {
		await run('espeak-ng', ['-v', r.voice.name, '-s', String(Math.round(ESPEAK_WPM * r.speed)), '-p', String(r.pitch ?? 50), '-f', txt, '-w', wav]);
	} else {
		// flite stretches durations: above 1 is slower speech.
		await run('flite', ['-voice', r.voice.name, '--setf', `duration_stretch=${(1 / r.speed).toFixed(3)}`, '-f', txt, '-o', wav]);
	}
	return wav;
}

/** One mono 22.05 kHz WAV: the segments in order, a pause after each but the last. */
async function joinSegments(wavs: string[], out: string) {
	const inputs = wavs.flatMap((w) => ['-i', w]);
	const chains = wavs.map(
		(_, i) => `[${i}:a]aresample=${SAMPLE_RATE},aformat=sample_fmts=s16:channel_layouts=mono${i < wavs.length - 1 ? `,apad=pad_dur=${CHAPTER_PAUSE_SECONDS}` : ''}[s${i}]`
	);
	const concat = `${wavs.map((_, i) => `[s${i}]`).join('')}concat=n=${wavs.length}:v=0:a=1[out]`;
	await ffmpeg([...inputs, '-filter_complex', [...chains, concat].join(';'), '-map', '[out]', out]);
}

async function addNoise(speech: string, p: Passage, r: Rendition, work: string): Promise<string> {
	const seconds = await duration(speech);
	const noise = path.join(work, 'noise.wav');
	const seed = createHash('sha256').update(`noise:${p.id}`).digest().readUInt32BE(0);
	if (r.noise!.kind === 'babble') {
		// Three voices of small talk, each looped and started at a different point, make a room.
		const voices = BABBLE_VOICES[p.language];
		const loops: string[] = [];
		for (const [i, v] of voices.entries()) {
			const wav = path.join(work, `babble-${i}.wav`);
			await run('espeak-ng', ['-v', v, '-s', String(150 + 15 * i), '-w', wav, BABBLE_TEXT[p.language]]);
			loops.push(wav);
		}
		const inputs = loops.flatMap((w) => ['-stream_loop', '-1', '-i', w]);
		const chains = loops.map((_, i) => `[${i}:a]aresample=${SAMPLE_RATE},atrim=start=${(seed % 7) + 2.3 * i},asetpts=PTS-STARTPTS,atrim=duration=${seconds}[b${i}]`);
		const mix = `${loops.map((_, i) => `[b${i}]`).join('')}amix=inputs=${loops.length}:duration=longest:normalize=0[out]`;
		await ffmpeg([...inputs, '-filter_complex', [...chains, mix].join(';'), '-map', '[out]', '-ac', '1', '-t', String(seconds), noise]);
	} else {
		await ffmpeg(['-f', 'lavfi', '-i', `anoisesrc=color=${r.noise!.kind}:amplitude=0.3:sample_rate=${SAMPLE_RATE}:seed=${seed}:duration=${seconds}`, noise]);
	}
	// Mean levels of the whole files (pauses included on both sides), so the ratio is a plain SNR.
	const gain = (await meanVolumeDb(speech)) - (await meanVolumeDb(noise)) - r.noise!.snrDb;
	const out = path.join(work, 'mixed.wav');
	// Both sides 3 dB down before the sum keeps the peaks from clipping without changing the ratio.
	await ffmpeg([
		'-i', speech, '-i', noise,
		'-filter_complex', `[0:a]volume=-3dB[s];[1:a]volume=${(gain - 3).toFixed(2)}dB[n];[s][n]amix=inputs=2:duration=first:normalize=0[out]`,
		'-map', '[out]', out
	]);
	return out;
}

async function ffmpeg(args: string[]) {
	await run('ffmpeg', ['-loglevel', 'error', '-y', ...args], { maxBuffer: 16 * 1024 * 1024 });
}

async function meanVolumeDb(file: string): Promise<number> {
	const { stderr } = await run('ffmpeg', ['-hide_banner', '-i', file, '-af', 'volumedetect', '-f', 'null', '-'], { maxBuffer: 16 * 1024 * 1024 });
	const m = /mean_volume:\s*(-?[\d.]+) dB/.exec(stderr);
	if (!m) throw new Error(`ffmpeg volumedetect gave no mean volume for ${file}`);
	return Number(m[1]);
}

export async function duration(file: string): Promise<number> {
	const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
	return Number.parseFloat(stdout.trim());
}

/** The temp folder may be on another file system than the cache. */
function renameOrCopy(from: string, to: string) {
	try {
		renameSync(from, to);
	} catch {
		writeFileSync(`${to}.part`, readFileSync(from));
		renameSync(`${to}.part`, to);
	}
}
