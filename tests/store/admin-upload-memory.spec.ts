/**
 * A ~200 MB upload streams in constant memory: the app's resident set (VmRSS, sampled every 20 ms)
 * grows by far less than the file, on local storage and on S3. Run once (SQLite project): the
 * database plays no part in streaming. BIG_UPLOAD_SECONDS=2400 doubles the file (the growth should not move).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDialect, type TestApp } from '../helpers/app';
import { bookFields, signInAdmin, upload } from '../helpers/admin-upload';
import { s3AppEnv, startS3Server, type S3Server } from '../services/s3-server';

const MiB = 1024 * 1024;
let dir: string;
let big: string;
let s3: S3Server;

function rssBytes(pid: number): number {
	const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
	return Number(kb) * 1024;
}

async function peakDuring<T>(pid: number, run: () => Promise<T>): Promise<{ result: T; peak: number }> {
	let peak = rssBytes(pid);
	const timer = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 20);
	try {
		return { result: await run(), peak };
	} finally {
		clearInterval(timer);
	}
}

describe.runIf(testDialect() === 'sqlite')('memory during a ~200 MB upload', () => {
	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'earshelf-big-'));
		big = join(dir, 'big.wav');
		// 20 minutes of 44.1 kHz stereo PCM ≈ 212 MB.
		execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=330:duration=${process.env.BIG_UPLOAD_SECONDS ?? 1200}`, '-ac', '2', big]);
		s3 = await startS3Server();
	}, 120_000);
	afterAll(async () => {
		await s3?.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	it.each([
		// Buffering the file would show 200 MiB or more. Node 20 grew 38 MiB here at ~77 MiB/s; Node 26
		// streams the same file at ~130 MiB/s and grows 68-77 MiB (not the young generation: a 16 MiB
		// semi-space changed nothing), so the bound moved from 64 to 96 MiB with the runtime.
		['local', 96 * MiB],
		// lib-storage keeps up to three 5 MiB parts (and copies of them) in flight (8 MiB parts measured ~95 MiB).
		['s3', 128 * MiB]
	] as const)('on %s storage the app grows by less than %d bytes', { timeout: 180_000 }, async (driver, allowed) => {
		const env: Record<string, string> = driver === 's3' ? s3AppEnv(s3) : {};
		const app: TestApp = await startTestApp({ ...env, PIPELINE_RUNNER: 'off' });
		try {
			const token = await signInAdmin(app);
			// Warm up (ffprobe, the upload route's code, the S3 client) so the baseline is steady.
			const small = join(dir, 'small.mp3');
			execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=duration=2', small]);
			expect((await upload(app, token, [...bookFields(), { name: 'audio', filename: 'w.mp3', path: small }])).status).toBe(201);
			await new Promise((r) => setTimeout(r, 500));
			const baseline = rssBytes(app.pid);
			const started = Date.now();
			const { result, peak } = await peakDuring(app.pid, () =>
				upload(app, token, [...bookFields(), { name: 'audio', filename: 'big.wav', type: 'audio/wav', path: big }])
			);
			const seconds = (Date.now() - started) / 1000;
			expect(result.status, JSON.stringify(result.body)).toBe(201);
			const size = statSync(big).size;
			console.log(
				`[${driver}] ${(size / MiB).toFixed(0)} MiB in ${seconds.toFixed(1)} s (${(size / MiB / seconds).toFixed(0)} MiB/s): ` +
					`RSS baseline ${(baseline / MiB).toFixed(0)} MiB, peak ${(peak / MiB).toFixed(0)} MiB, growth ${((peak - baseline) / MiB).toFixed(0)} MiB`
			);
			expect(peak - baseline).toBeLessThan(allowed);
		} finally {
			await app.stop();
		}
	});
});
