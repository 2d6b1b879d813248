/**
 * The accept/refuse rules, first on hand-written ffprobe reports (every branch), then on real files
 * made with ffmpeg and probed with the real ffprobe, the way an upload is checked.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyProbe } from './audio-format';
import { refusalText } from '../client/audio-probe';
import { ffprobe, ProbeFailedError, type FfprobeOutput } from '../server/media/ffprobe';

const mp3: FfprobeOutput = {
	format: { format_name: 'mp3', duration: '5.041633', size: '40560' },
	streams: [{ codec_type: 'audio', codec_name: 'mp3', bit_rate: '64000', duration: '5.041633' }]
};

describe('classifyProbe on reports', () => {
	it('accepts an MP3 and describes it', () => {
		expect(classifyProbe(mp3, 40560)).toEqual({
			ok: true,
			audio: { format: 'mp3', extension: 'mp3', mime: 'audio/mpeg', codec: 'mp3', durationMs: 5042 }
		});
	});

	it('tells m4b from m4a by the MP4 brand, and keeps cover art', () => {
		const m4b: FfprobeOutput = {
			format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '60', tags: { major_brand: 'M4B ' } },
			streams: [
				{ codec_type: 'audio', codec_name: 'aac', bit_rate: '64000' },
				{ codec_type: 'video', codec_name: 'mjpeg', disposition: { attached_pic: 1 } }
			]
		};
		const r = classifyProbe(m4b, 480_000);
		expect(r.ok && r.audio.format).toBe('m4b');
	});

	it.each([
		['no format at all (ffprobe found nothing)', {}, /not audio in a format we accept/],
		['a video', { format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '5' }, streams: [{ codec_type: 'video', codec_name: 'h264' }, { codec_type: 'audio', codec_name: 'aac' }] }, /video track/],
		['no audio stream', { format: { format_name: 'ogg', duration: '5' }, streams: [{ codec_type: 'data' }] }, /no audio track/],
		['two audio streams', { format: { format_name: 'ogg', duration: '5' }, streams: [{ codec_type: 'audio', codec_name: 'opus' }, { codec_type: 'audio', codec_name: 'opus' }] }, /several audio tracks/],
		['an MP3 container holding MP2', { format: { format_name: 'mp3', duration: '5' }, streams: [{ codec_type: 'audio', codec_name: 'mp2' }] }, /mp3 with mp2/],
		['Speex in Ogg', { format: { format_name: 'ogg', duration: '5' }, streams: [{ codec_type: 'audio', codec_name: 'speex' }] }, /not one we accept/],
		['a zero duration', { format: { format_name: 'flac', duration: '0' }, streams: [{ codec_type: 'audio', codec_name: 'flac' }] }, /no playable length/],
		['no duration', { format: { format_name: 'flac' }, streams: [{ codec_type: 'audio', codec_name: 'flac' }] }, /no playable length/],
		['a cut MP3 (2 KB of a 40 KB file)', mp3, /cut short/, 2048]
	] as [string, FfprobeOutput, RegExp, number?][])('refuses %s', (_label, report, reason, bytes = 1_000_000) => {
		const r = classifyProbe(report, bytes);
		expect(r.ok).toBe(false);
		expect(!r.ok && r.reason).toMatch(reason);
		// The admin's page words the refusal from its code: in English, the very sentence the API sends.
		expect(!r.ok && refusalText(r.refusal)).toBe(!r.ok && r.reason);
	});

	it('does not apply the size rule to Vorbis, whose declared rate is only nominal', () => {
		const vorbis: FfprobeOutput = {
			format: { format_name: 'ogg', duration: '5' },
			streams: [{ codec_type: 'audio', codec_name: 'vorbis', bit_rate: '80000' }]
		};
		expect(classifyProbe(vorbis, 12_043).ok).toBe(true);
	});
});

describe('real files through ffprobe', () => {
	let dir: string;
	const file = (name: string) => join(dir, name);
	const make = (name: string, ...codec: string[]) =>
		execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', '-ac', '1', ...codec, file(name)]);

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'earshelf-probe-'));
		make('a.mp3');
		make('a.m4a', '-c:a', 'aac');
		make('fast.m4a', '-c:a', 'aac', '-movflags', '+faststart');
		make('a.opus', '-c:a', 'libopus');
		make('a.ogg', '-c:a', 'libvorbis');
		make('a.wav');
		make('a.flac');
		execFileSync('espeak-ng', ['-w', file('speech.wav'), 'Chapter one. It was a bright cold day in April.']);
		writeFileSync(file('text.mp3'), 'this is not audio\n'.repeat(100));
		writeFileSync(file('cut.mp3'), readFileSync(file('a.mp3')).subarray(0, 2048));
		writeFileSync(file('cut.m4a'), readFileSync(file('fast.m4a')).subarray(0, 8000));
		writeFileSync(file('playlist.mp3'), `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:${file('a.wav')}\n#EXT-X-ENDLIST\n`);
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	const check = async (name: string) => {
		try {
			return classifyProbe(await ffprobe(file(name)), statSync(file(name)).size);
		} catch (err) {
			if (err instanceof ProbeFailedError) return { ok: false as const, reason: `ffprobe failed: ${err.message}` };
			throw err;
		}
	};

	it.each([
		['a.mp3', 'mp3'],
		['a.m4a', 'm4a'],
		['fast.m4a', 'm4a'],
		['a.opus', 'opus'],
		['a.ogg', 'ogg'],
		['a.wav', 'wav'],
		['a.flac', 'flac'],
		['speech.wav', 'wav']
	])('accepts %s as %s', async (name, format) => {
		const r = await check(name);
		expect(r.ok ? r.audio.format : r.reason).toBe(format);
		if (r.ok) expect(r.audio.durationMs).toBeGreaterThan(1000);
	});

	it.each([
		['text.mp3', /ffprobe failed/],
		['cut.mp3', /cut short/],
		['cut.m4a', /cut short/],
		['playlist.mp3', /ffprobe failed/]
	])('refuses %s', async (name, reason) => {
		const r = await check(name);
		expect(r.ok ? 'accepted' : r.reason).toMatch(reason);
	});
});
