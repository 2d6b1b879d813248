/**
 * Cuts a book's free preview into its own blob: the first PREVIEW_SECONDS, copied without
 * re-encoding (`ffmpeg -t <s> -c copy`), so the file's own header states the preview's duration and a
 * player shows 1:00, not the book's length. ffmpeg reads the stored book where ffprobe did (a file
 * path, or a presigned URL it reads with range requests) and writes to a pipe that goes straight into
 * storage.put: nothing is staged on disk. Demuxers and protocols are whitelisted as in ffprobe.ts.
 */
import { spawn } from 'node:child_process';
import type { BlobStorage } from '../storage';
import type { AudioFormat } from '../../media/audio-format';
import { ACCEPTED_DEMUXERS } from './ffprobe';

/*
 * The muxer per stored format, chosen so the result is playable from a pipe (nothing rewritten at the
 * end): MP4 is written fragmented. FLAC has no entry: its muxer can only fix STREAMINFO's sample count
 * by seeking back, so a piped FLAC preview would still claim the whole book's length; FLAC books
 * keep the byte-prefix preview.
 */
const MUXER: Partial<Record<AudioFormat, string[]>> = {
	mp3: ['-f', 'mp3'],
	m4a: ['-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof'],
	m4b: ['-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof'],
	opus: ['-f', 'ogg'],
	ogg: ['-f', 'ogg'],
	wav: ['-f', 'wav']
};

export function previewKeyFor(bookId: string, extension: string): string {
	return `books/${bookId}/preview.${extension}`;
}

export function canCutPreview(format: AudioFormat): boolean {
	return MUXER[format] !== undefined;
}

export class PreviewCutError extends Error {
	constructor(
		message: string,
		readonly stderr: string
	) {
		super(message);
		this.name = 'PreviewCutError';
	}
}

/** Writes the first `seconds` of the audio at `location` to `key`; returns the preview's size in bytes. */
export async function cutPreview(
	storage: BlobStorage,
	opts: { location: string; key: string; format: AudioFormat; contentType: string; seconds: number; timeoutMs?: number }
): Promise<number> {
	const muxer = MUXER[opts.format];
	if (!muxer) throw new PreviewCutError(`no piped preview for ${opts.format}`, '');
	const remote = /^https?:\/\//.test(opts.location);
	const args = [
		'-nostdin', '-v', 'error',
		'-protocol_whitelist', remote ? 'http,https,tcp,tls,crypto' : 'file',
		'-format_whitelist', ACCEPTED_DEMUXERS.join(','),
		...(remote ? ['-rw_timeout', '15000000'] : []),
		'-i', remote ? opts.location : `file:${opts.location}`,
		// The first audio stream only: cover art and chapters stay with the book.
		'-map', '0:a:0', '-map_metadata', '-1', '-map_chapters', '-1',
		'-t', String(opts.seconds),
		'-c', 'copy',
		...muxer,
		'pipe:1'
	];
	// Own process group: a SIGTERM to the app's whole group must not fail an upload the app is draining.
	const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
	const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
	const exited = new Promise<void>((resolve, reject) => {
		child.on('error', (err) => reject(new PreviewCutError(`cannot run ffmpeg (${err.message}); install ffmpeg`, stderr)));
		child.on('close', (code, signal) => {
			if (signal) return reject(new PreviewCutError(`ffmpeg was stopped (${signal}), probably by the time limit`, stderr));
			if (code !== 0) return reject(new PreviewCutError(`ffmpeg exited with ${code}`, stderr));
			resolve();
		});
	});
	try {
		const [{ size }] = await Promise.all([storage.put(opts.key, child.stdout, { contentType: opts.contentType }), exited]);
		if (size === 0) throw new PreviewCutError('ffmpeg wrote an empty preview', stderr);
		return size;
	} catch (err) {
		child.kill('SIGKILL');
		// A partial preview must not stay behind under the key.
		await storage.delete(opts.key).catch(() => undefined);
		throw err;
	} finally {
		clearTimeout(timer);
	}
}
