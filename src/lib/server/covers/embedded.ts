/**
 * The picture an audio file carries (ID3 APIC, MP4 covr, FLAC PICTURE: ffprobe lists it as a video
 * stream with disposition attached_pic), copied out as it is stored (`-c copy`, one frame, to a pipe).
 * It then goes through the same decoding check as an uploaded cover. Demuxers and protocols are
 * whitelisted as in ffprobe.ts, and the output is capped: a file cannot make us buffer more than a cover.
 */
import { spawn } from 'node:child_process';
import type { FfprobeOutput } from '../../media/audio-format';
import { ACCEPTED_DEMUXERS } from '../media/ffprobe';
import { COVER_MAX_BYTES } from './image';

export function hasEmbeddedPicture(report: FfprobeOutput): boolean {
	return (report.streams ?? []).some((s) => s.codec_type === 'video' && s.disposition?.attached_pic === 1);
}

/** The picture's bytes, or null when there is none, it is too large, or ffmpeg cannot copy it out. */
export function extractEmbeddedPicture(location: string, opts: { timeoutMs?: number } = {}): Promise<Buffer | null> {
	const remote = /^https?:\/\//.test(location);
	const args = [
		'-v', 'error', '-nostdin',
		'-protocol_whitelist', remote ? 'http,https,tcp,tls,crypto' : 'file',
		'-format_whitelist', ACCEPTED_DEMUXERS.join(','),
		...(remote ? ['-rw_timeout', '15000000'] : []),
		'-i', remote ? location : `file:${location}`,
		'-map', '0:v:0', '-frames:v', '1', '-c', 'copy', '-f', 'image2pipe', 'pipe:1'
	];
	return new Promise((resolve) => {
		const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
		const chunks: Buffer[] = [];
		let size = 0;
		const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
		child.stdout.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > COVER_MAX_BYTES) child.kill('SIGKILL');
			else chunks.push(chunk);
		});
		child.on('error', () => {
			clearTimeout(timer);
			resolve(null);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve(code === 0 && size > 0 && size <= COVER_MAX_BYTES ? Buffer.concat(chunks) : null);
		});
	});
}
