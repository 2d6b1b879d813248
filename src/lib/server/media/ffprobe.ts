/**
 * Runs Debian's ffprobe on a stored blob: a local file path or a presigned HTTP(S) URL (ffprobe
 * reads only the ranges it needs). Demuxers and protocols are whitelisted, so a crafted file
 * (an HLS playlist, a concat list) cannot make ffprobe open other files or URLs.
 */
import { spawn } from 'node:child_process';
import type { FfprobeOutput } from '../../media/audio-format';
export type { FfprobeOutput, FfprobeStream, FfprobeFormat, FfprobeChapter } from '../../media/audio-format';

/** ffprobe's demuxer names for the formats the store accepts (mp4/m4a/m4b are all "mov"). */
export const ACCEPTED_DEMUXERS = ['mp3', 'mov', 'ogg', 'wav', 'flac'];

export class ProbeFailedError extends Error {
	constructor(
		message: string,
		readonly stderr: string
	) {
		super(message);
		this.name = 'ProbeFailedError';
	}
}

const MAX_OUTPUT_BYTES = 1024 * 1024;

export async function ffprobe(location: string, opts: { timeoutMs?: number; binary?: string } = {}): Promise<FfprobeOutput> {
	const remote = /^https?:\/\//.test(location);
	const args = [
		'-v', 'error',
		'-protocol_whitelist', remote ? 'http,https,tcp,tls,crypto' : 'file',
		'-format_whitelist', ACCEPTED_DEMUXERS.join(','),
		...(remote ? ['-rw_timeout', '15000000'] : []),
		'-print_format', 'json',
		'-show_format',
		'-show_streams',
		'-show_chapters',
		remote ? location : `file:${location}`
	];
	return new Promise((resolve, reject) => {
		// Own process group: a SIGTERM to the app's whole group must not fail an upload the app is draining.
		const child = spawn(opts.binary ?? 'ffprobe', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		let stdout = '';
		let stderr = '';
		let overflow = false;
		const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
		child.stdout.setEncoding('utf8').on('data', (d: string) => {
			stdout += d;
			if (stdout.length > MAX_OUTPUT_BYTES && !overflow) {
				overflow = true;
				child.kill('SIGKILL');
			}
		});
		child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(new Error(`Cannot run ffprobe (${err.message}); install ffmpeg (apt-get install ffmpeg).`, { cause: err }));
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (overflow) return reject(new ProbeFailedError('ffprobe printed more than 1 MiB', stderr));
			if (signal) return reject(new ProbeFailedError(`ffprobe was stopped (${signal}), probably by the time limit`, stderr));
			if (code !== 0) return reject(new ProbeFailedError(`ffprobe exited with ${code}`, stderr));
			try {
				resolve(JSON.parse(stdout) as FfprobeOutput);
			} catch {
				reject(new ProbeFailedError('ffprobe printed no JSON', stderr));
			}
		});
	});
}
