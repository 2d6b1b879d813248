/**
 * The new-book form's check before upload: ffmpeg.wasm's ffprobe reads the picked file in the
 * browser (mounted with WORKERFS, so the file is read in place, not copied into wasm memory) and the
 * same rules as the server's (classifyProbe) accept or refuse it. A refused file is never sent. When
 * the browser cannot check (a file over wasm's 2 GB input limit, or the core fails to load) the form
 * says so and the server's check after the upload decides; the server checks every file anyway.
 *
 * @ffmpeg/ffmpeg is imported only inside probeAudio: its Node export is a stub that throws, so a
 * static import would break server rendering.
 */
import { classifyProbe, type AcceptedAudio, type AudioRefusal, type FfprobeOutput } from '$lib/media/audio-format';
import * as m from '$lib/paraglide/messages';

export type ProbeResult =
	| { kind: 'audio'; audio: AcceptedAudio }
	| { kind: 'refused'; reason: string }
	| { kind: 'unchecked'; reason: string };

/** WebAssembly's 32-bit memory: ffmpeg.wasm cannot open inputs this large. */
export const WASM_INPUT_LIMIT = 2 * 1024 ** 3;

/** The demuxers the server's ffprobe allows (ACCEPTED_DEMUXERS in media/ffprobe.ts), so both refuse alike. */
const DEMUXERS = 'mp3,mov,ogg,wav,flac';
const PROBE_TIMEOUT_MS = 60_000;

/** 2147483648 → "2 GB", 524288000 → "500 MB" (a no-break space keeps the number with its unit). */
export function formatSize(n: number): string {
	return n >= 1024 ** 3 ? `${+(n / 1024 ** 3).toFixed(1)}\u00a0GB` : `${+(n / 1024 ** 2).toFixed(1)}\u00a0MB`;
}

/** The admin-only URL prefix the core is served under (src/routes/admin/ffmpeg-core/[version]/[file]). */
export interface ProbeOptions {
	coreBase: string;
	maxBytes: number;
}

export async function probeAudio(file: File, opts: ProbeOptions): Promise<ProbeResult> {
	if (file.size === 0) return { kind: 'refused', reason: m.probe_empty() };
	if (file.size > opts.maxBytes) {
		return { kind: 'refused', reason: m.probe_too_large({ size: formatSize(file.size), limit: formatSize(opts.maxBytes) }) };
	}
	if (file.size >= WASM_INPUT_LIMIT) {
		return { kind: 'unchecked', reason: m.probe_over_wasm_limit() };
	}

	let ffmpeg: import('@ffmpeg/ffmpeg').FFmpeg;
	let WORKERFS: import('@ffmpeg/ffmpeg').FFFSType;
	try {
		const lib = await import('@ffmpeg/ffmpeg');
		ffmpeg = new lib.FFmpeg();
		WORKERFS = lib.FFFSType.WORKERFS;
		await ffmpeg.load({ coreURL: `${opts.coreBase}/ffmpeg-core.js`, wasmURL: `${opts.coreBase}/ffmpeg-core.wasm` });
	} catch (e) {
		return { kind: 'unchecked', reason: m.probe_could_not_start({ error: errorText(e) }) };
	}
	try {
		await ffmpeg.createDir('/in');
		await ffmpeg.mount(WORKERFS, { files: [file] }, '/in');
		// The published core's ffprobe answers -1 even when it succeeds (ffmpegwasm/ffmpeg.wasm#817):
		// its report, or the lack of one, is what counts.
		await ffmpeg.ffprobe(
			['-v', 'error', '-format_whitelist', DEMUXERS, '-print_format', 'json', '-show_format', '-show_streams', `/in/${file.name}`, '-o', '/probe.json'],
			PROBE_TIMEOUT_MS
		);
		const report = await readReport(ffmpeg);
		if (!report?.format) return { kind: 'refused', reason: m.probe_not_audio_file({ formats: m.probe_accepted_formats() }) };
		const verdict = classifyProbe(report, file.size);
		return verdict.ok ? { kind: 'audio', audio: verdict.audio } : { kind: 'refused', reason: refusalText(verdict.refusal) };
	} catch (e) {
		return { kind: 'unchecked', reason: m.probe_failed({ error: errorText(e) }) };
	} finally {
		ffmpeg.terminate();
	}
}

async function readReport(ffmpeg: import('@ffmpeg/ffmpeg').FFmpeg): Promise<FfprobeOutput | null> {
	try {
		return JSON.parse(String(await ffmpeg.readFile('/probe.json', 'utf8'))) as FfprobeOutput;
	} catch {
		return null; // no file, or not JSON: ffprobe could not open the input
	}
}

/** The shared rules' refusal in the page's language (the server's English `reason` says the same). */
export function refusalText(refusal: AudioRefusal): string {
	const formats = m.probe_accepted_formats();
	switch (refusal.code) {
		case 'not_audio':
			return m.probe_not_audio({ formats });
		case 'video':
			return m.probe_video();
		case 'no_audio':
			return m.probe_no_audio();
		case 'several_audio':
			return m.probe_several_audio();
		case 'unsupported':
			return m.probe_unsupported({ demuxer: refusal.demuxer, codec: refusal.codec, formats });
		case 'no_length':
			return m.probe_no_length();
		case 'truncated':
			return m.probe_truncated({ seconds: refusal.seconds, expected: refusal.expectedBytes, stored: refusal.storedBytes });
	}
}

function errorText(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}
