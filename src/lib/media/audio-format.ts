/**
 * Decides from ffprobe's report whether a file is an audiobook the store accepts, and how to
 * describe it (format, extension, MIME type, duration). Pure and free of server imports: the server
 * applies it to Debian's ffprobe after the upload, the admin's browser to ffmpeg.wasm's ffprobe
 * before it, so both refuse a file for the same reason. Every rule is unit-tested.
 */

export interface FfprobeStream {
	index?: number;
	codec_type?: string;
	codec_name?: string;
	duration?: string;
	bit_rate?: string;
	disposition?: { attached_pic?: number };
}

export interface FfprobeFormat {
	format_name?: string;
	duration?: string;
	size?: string;
	bit_rate?: string;
	tags?: Record<string, string>;
}

/** One chapter mark of the file (`-show_chapters`): times in seconds, as strings. */
export interface FfprobeChapter {
	start_time?: string;
	end_time?: string;
	tags?: Record<string, string>;
}

/** `ffprobe -print_format json -show_format -show_streams -show_chapters`, the fields the rules read. */
export interface FfprobeOutput {
	streams?: FfprobeStream[];
	format?: FfprobeFormat;
	chapters?: FfprobeChapter[];
}

/** Also the file extension (books.audio_format names downloads): Vorbis is "ogg". */
export type AudioFormat = 'mp3' | 'm4a' | 'm4b' | 'opus' | 'ogg' | 'wav' | 'flac';

export interface AcceptedAudio {
	format: AudioFormat;
	extension: string;
	mime: string;
	codec: string;
	durationMs: number;
}

/**
 * Why a file was refused, as data: the server sends `reason` (English) through the API, and the admin's
 * page words the same refusal in its own language from `refusal` ($lib/client/audio-probe.ts).
 */
export type AudioRefusal =
	| { code: 'not_audio' }
	| { code: 'video' }
	| { code: 'no_audio' }
	| { code: 'several_audio' }
	| { code: 'unsupported'; demuxer: string; codec: string }
	| { code: 'no_length' }
	| { code: 'truncated'; seconds: number; expectedBytes: number; storedBytes: number };

export type Classification = { ok: true; audio: AcceptedAudio } | { ok: false; reason: string; refusal: AudioRefusal };

export const ACCEPTED_FORMATS_TEXT = 'mp3, m4a/m4b (AAC or ALAC), ogg (Opus or Vorbis), wav or flac';

const EXTENSION: Record<AudioFormat, string> = {
	mp3: 'mp3',
	m4a: 'm4a',
	m4b: 'm4b',
	opus: 'opus',
	ogg: 'ogg',
	wav: 'wav',
	flac: 'flac'
};
const MIME: Record<AudioFormat, string> = {
	mp3: 'audio/mpeg',
	m4a: 'audio/mp4',
	m4b: 'audio/mp4',
	opus: 'audio/ogg; codecs=opus',
	ogg: 'audio/ogg; codecs=vorbis',
	wav: 'audio/wav',
	flac: 'audio/flac'
};

export function extensionOf(format: string): string {
	return EXTENSION[format as AudioFormat] ?? 'bin';
}

/*
 * Codecs whose declared bit rate is the real one: a file much smaller than bit rate × duration has
 * lost its end (ffprobe takes the duration from the header, e.g. an MP3's Xing frame count, or an
 * MP4's sample table, and does not notice). Vorbis declares a nominal rate that can be far off,
 * and Opus and FLAC declare none, so they are not checked this way.
 */
const SIZE_CHECKED_CODECS = /^(mp3|aac|alac|pcm_.*)$/;
/** Below this share of the expected size the file counts as cut short (VBR and tags stay well above). */
const MIN_SIZE_RATIO = 0.9;

function formatOf(demuxers: string[], codec: string, brand: string | undefined): AudioFormat | null {
	if (demuxers.includes('mp3')) return codec === 'mp3' ? 'mp3' : null;
	if (demuxers.includes('mp4') || demuxers.includes('mov')) {
		if (codec !== 'aac' && codec !== 'alac') return null;
		return brand?.trim().toUpperCase() === 'M4B' ? 'm4b' : 'm4a';
	}
	if (demuxers.includes('ogg')) return codec === 'opus' ? 'opus' : codec === 'vorbis' ? 'ogg' : null;
	if (demuxers.includes('wav')) return codec.startsWith('pcm_') ? 'wav' : null;
	if (demuxers.includes('flac')) return codec === 'flac' ? 'flac' : null;
	return null;
}

const positive = (v: string | undefined): number | null => {
	const n = v === undefined ? NaN : Number(v);
	return Number.isFinite(n) && n > 0 ? n : null;
};

/** `storedBytes` is what the upload wrote: the truncation rule compares it with what the header promises. */
export function classifyProbe(probe: FfprobeOutput, storedBytes: number): Classification {
	const refuse = (reason: string, refusal: AudioRefusal): Classification => ({ ok: false, reason, refusal });
	const streams = probe.streams ?? [];
	const demuxers = (probe.format?.format_name ?? '').split(',').filter(Boolean);
	if (demuxers.length === 0) return refuse(`The file is not audio in a format we accept (${ACCEPTED_FORMATS_TEXT}).`, { code: 'not_audio' });

	const audio = streams.filter((s) => s.codec_type === 'audio');
	const isCoverArt = (s: FfprobeStream) => s.codec_type === 'video' && s.disposition?.attached_pic === 1;
	if (streams.some((s) => s.codec_type === 'video' && !isCoverArt(s))) {
		return refuse('The file has a video track; upload the audio only.', { code: 'video' });
	}
	if (audio.length === 0) return refuse('The file has no audio track.', { code: 'no_audio' });
	if (audio.length > 1) return refuse('The file has several audio tracks; upload a file with one.', { code: 'several_audio' });
	const stream = audio[0]!;
	const codec = stream.codec_name ?? 'unknown';

	const format = formatOf(demuxers, codec, probe.format?.tags?.major_brand);
	if (!format) {
		return refuse(`The file's format (${demuxers[0]} with ${codec}) is not one we accept (${ACCEPTED_FORMATS_TEXT}).`, {
			code: 'unsupported',
			demuxer: demuxers[0]!,
			codec
		});
	}

	const seconds = positive(probe.format?.duration) ?? positive(stream.duration);
	if (seconds === null) return refuse('The file has no playable length; it may be damaged or cut short.', { code: 'no_length' });

	const bitRate = positive(stream.bit_rate);
	if (SIZE_CHECKED_CODECS.test(codec) && bitRate !== null) {
		const expectedBytes = (bitRate * seconds) / 8;
		if (storedBytes < expectedBytes * MIN_SIZE_RATIO) {
			return refuse(
				`The file is cut short: its header promises ${Math.round(seconds)} s of audio (about ${Math.round(expectedBytes)} bytes) but only ${storedBytes} bytes arrived. Upload the whole file.`,
				{ code: 'truncated', seconds: Math.round(seconds), expectedBytes: Math.round(expectedBytes), storedBytes }
			);
		}
	}

	return {
		ok: true,
		audio: { format, extension: EXTENSION[format], mime: MIME[format], codec, durationMs: Math.round(seconds * 1000) }
	};
}
