/**
 * The new-book form checks the picked file in the browser with ffmpeg.wasm before anything is sent:
 * a real mp3 shows its format, codec and duration; a text file named .mp3 is refused on the spot and
 * no upload request leaves the page; a file over the configured limit is refused the same way.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signInAsAdmin } from './helpers/admin';

const appUrl = process.env.E2E_APP_URL!;
const dir = mkdtempSync(path.join(tmpdir(), 'earshelf-e2e-probe-'));
const speech = path.join(dir, 'chapter-one.mp3');
const notAudio = path.join(dir, 'notes.mp3');

test.beforeAll(() => {
	const wav = `${speech}.wav`;
	execFileSync('espeak-ng', ['-s', '150', '-w', wav, 'Chapter one. The keeper climbed the stairs of the lighthouse every evening at dusk.']);
	execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, '-ac', '1', '-b:a', '64k', speech]);
	writeFileSync(notAudio, 'Meeting notes, not audio.\n'.repeat(40));
});

/** Every request that would carry a book: the probe must refuse before one is made. */
function watchUploads(page: Page): string[] {
	const uploads: string[] = [];
	page.on('request', (r) => {
		if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/admin/books') uploads.push(r.url());
	});
	return uploads;
}

test('the picked file is probed in the browser: audio shows its duration, a text file is refused unsent', async ({ page }) => {
	const uploads = watchUploads(page);
	const coreRequests: string[] = [];
	page.on('request', (r) => {
		if (r.url().includes('ffmpeg-core')) coreRequests.push(new URL(r.url()).origin);
	});
	await signInAsAdmin(page, appUrl);
	await page.goto(`${appUrl}/admin/books/new`);

	await page.getByLabel(/^Audio file/).setInputFiles(speech);
	const facts = page.getByRole('definition');
	const details = page.locator('dl[aria-label="Picked file"]');
	await expect(details).toBeVisible({ timeout: 30_000 });
	await expect(details).toContainText('Formatmp3');
	await expect(details).toContainText('Codecmp3');
	// espeak-ng speaks the sentence in about 5 s; ffprobe on the server would say the same.
	await expect(details).toContainText(/Duration0 min [3-9] s/);
	expect(await facts.count()).toBe(4);
	// The core came from this server, not a CDN.
	expect(new Set(coreRequests)).toEqual(new Set([appUrl]));
	await expect(page.getByRole('button', { name: 'Upload book' })).toBeEnabled();

	await page.getByLabel(/^Audio file/).setInputFiles(notAudio);
	await expect(page.getByRole('alert')).toContainText('This is not an audio file in a format we accept', { timeout: 30_000 });
	await expect(details).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Upload book' })).toBeDisabled();
	// Even with the form otherwise complete, nothing is sent.
	await page.getByLabel('Title').fill('Notes');
	await page.getByLabel('Author').fill('Nobody');
	await page.getByLabel('Price').fill('10');
	await page.locator('form.book-form').evaluate((f: HTMLFormElement) => f.requestSubmit());
	await expect(page.getByRole('alert').first()).toContainText('not an audio file');
	await page.waitForTimeout(500);
	expect(uploads).toEqual([]);
});

test('a file over the upload limit is refused before upload, without loading the probe', async ({ page }) => {
	const uploads = watchUploads(page);
	await signInAsAdmin(page, appUrl);
	await page.goto(`${appUrl}/admin/books/new`);
	// The app runs with the default UPLOAD_MAX_BYTES, 2 GB.
	await expect(page.getByText(/up to 2\sGB/)).toBeVisible();
	const tooBig = path.join(dir, 'huge.mp3');
	// 2 GB + 1 byte, sparse on disk: the browser reports its full size and never reads it.
	execFileSync('truncate', ['-s', String(2 * 1024 ** 3 + 1), tooBig]);
	await page.getByLabel(/^Audio file/).setInputFiles(tooBig);
	await expect(page.getByRole('alert')).toContainText('the limit is 2\u00a0GB');
	await expect(page.getByRole('button', { name: 'Upload book' })).toBeDisabled();
	expect(uploads).toEqual([]);
});

test('when the wasm core cannot load, the form says the server will check, and the upload goes ahead', async ({ page }) => {
	await signInAsAdmin(page, appUrl);
	await page.route('**/admin/ffmpeg-core/**', (route) => route.abort('connectionrefused'));
	await page.goto(`${appUrl}/admin/books/new`);
	await page.getByLabel('Title').fill(`Unchecked ${Date.now().toString(36)}`);
	await page.getByLabel('Author').fill('Nobody');
	await page.getByLabel('Price').fill('10');
	await page.getByLabel(/^Audio file/).setInputFiles(speech);
	await expect(page.getByRole('status').filter({ hasText: 'could not start its audio check' })).toContainText('the server checks the file after the upload', { timeout: 30_000 });
	await page.getByRole('button', { name: 'Upload book' }).click();
	// The server's own check accepts it: the book page opens.
	await expect(page).toHaveURL(/\/admin\/books\/[0-9a-f-]{36}$/, { timeout: 30_000 });
});

test('a 300 MB file is probed in place (WORKERFS): ffprobe reads a few MB of it, not all, and shows its duration', async ({ page }) => {
	// Making the file, loading the core and probing take a while on a busy two-core box: the default
	// minute covered them locally but not in CI.
	test.setTimeout(300_000);
	const big = path.join(dir, 'long.wav');
	// 48 kHz stereo 16-bit: 192,000 bytes a second, so 1600 s is about 307 MB.
	execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=stereo', '-t', '1600', '-c:a', 'pcm_s16le', big]);
	const size = statSync(big).size;
	// Count what the probe's worker reads from the file. WORKERFS reads slices with FileReaderSync;
	// each read is reported on a BroadcastChannel, since the worker is gone once the probe ends.
	await page.addInitScript(() => {
		const w = window as unknown as { __probeBytes: number };
		w.__probeBytes = 0;
		new BroadcastChannel('probe-bytes').onmessage = (e) => (w.__probeBytes += e.data as number);
	});
	page.on('worker', (worker) => {
		void worker
			.evaluate(() => {
				const channel = new BroadcastChannel('probe-bytes');
				const read = FileReaderSync.prototype.readAsArrayBuffer;
				FileReaderSync.prototype.readAsArrayBuffer = function (blob: Blob) {
					channel.postMessage(blob.size);
					return read.call(this, blob);
				};
			})
			.catch(() => {}); // a worker that ends first read nothing
	});
	await signInAsAdmin(page, appUrl);
	await page.goto(`${appUrl}/admin/books/new`);
	await page.getByLabel(/^Audio file/).setInputFiles(big);
	const details = page.locator('dl[aria-label="Picked file"]');
	await expect(details).toContainText('Formatwav', { timeout: 240_000 });
	await expect(details).toContainText('Duration26 min 40 s');
	await expect(details).toContainText('Size293\u00a0MB');
	// A copy into wasm memory would read all 307 MB; ffprobe's header read is a few MB at most.
	await expect.poll(() => page.evaluate(() => (window as unknown as { __probeBytes: number }).__probeBytes)).toBeGreaterThan(0);
	const bytesRead = await page.evaluate(() => (window as unknown as { __probeBytes: number }).__probeBytes);
	expect(bytesRead).toBeLessThan(size / 10);
	test.info().annotations.push({ type: 'bytes read', description: `${bytesRead} of ${size}` });
	rmSync(big, { force: true });
});
