/**
 * Covers on a phone. The admin adds a book through Admin → New book with a cover image, sees it on the
 * book's admin page and has a PDF posing as a PNG refused there; two more books come through the API:
 * one whose mp3 carries a picture, one with a Thai title and no picture (a drawn cover). A buyer then
 * sees the covers in the store, on the book page, in the library and on the listening page (light and
 * dark, English and Thai), with no layout shift; downloads the book and finds its cover offline and on
 * the lock screen (Media Session). Pictures go to /work/notes/shots/covers/ (or E2E_COVER_SHOTS).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequest, type Page } from '@playwright/test';
import sharp from 'sharp';
import { uniqueEmail } from '../tests/helpers/http';
import { admin, appUrl, buyFromBookPage, signInAsAdmin, signUpAt } from './listen-book';

const shotsDir = process.env.E2E_COVER_SHOTS ?? '/work/notes/shots/covers';
const dir = mkdtempSync(path.join(tmpdir(), 'earshelf-e2e-covers-'));
const suffix = Date.now().toString(36);
const uploaded = { title: `Harbour Lights ${suffix}`, author: 'Noor Vale' };
const embedded = { title: `The Salt Road ${suffix}`, author: 'Pim Okafor' };
const drawn = { title: `บ้านริมคลอง ${suffix}`, author: 'สมศรี ใจดี' };
let uploadedId = '';

test.describe.configure({ mode: 'serial' });

/** A made-up cover: a dusk sky over a sea, drawn as SVG and saved as the format asked for. */
async function painting(format: 'png' | 'jpeg', hue: string): Promise<Buffer> {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="1200">
		<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hue}"/><stop offset="1" stop-color="#f6c177"/></linearGradient></defs>
		<rect width="1200" height="1200" fill="url(#sky)"/><circle cx="820" cy="560" r="140" fill="#fff3c4"/>
		<rect y="700" width="1200" height="500" fill="#1d3557"/><rect x="180" y="380" width="70" height="330" fill="#e9ecef"/><polygon points="160,380 270,380 215,320" fill="#c1121f"/>
	</svg>`;
	return sharp(Buffer.from(svg)).toFormat(format).toBuffer();
}

async function shot(page: Page, name: string, opts: { dark?: boolean } = {}) {
	mkdirSync(shotsDir, { recursive: true });
	const { scrollWidth, clientWidth } = await page.evaluate(() => {
		window.scrollTo(0, 0);
		return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth };
	});
	expect(scrollWidth, `${name}: the page is wider than the phone's screen`).toBeLessThanOrEqual(clientWidth);
	await waitForCovers(page);
	await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
	if (opts.dark) {
		await page.emulateMedia({ colorScheme: 'dark' });
		await page.screenshot({ path: path.join(shotsDir, `${name}-dark.png`), fullPage: true });
		await page.emulateMedia({ colorScheme: 'light' });
	}
}

/** Every cover on the page has loaded a picture (lazy ones are scrolled into view first). */
async function waitForCovers(page: Page) {
	const covers = page.locator('img.cover');
	for (let i = 0; i < (await covers.count()); i++) {
		const cover = covers.nth(i);
		await cover.scrollIntoViewIfNeeded();
		await expect.poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 10_000 }).toBe(true);
	}
	await page.evaluate(() => window.scrollTo(0, 0));
}

async function adminApi(request: APIRequest) {
	const api = await request.newContext({ baseURL: appUrl });
	const signedIn = await api.post('/api/v1/auth/sign-in', { data: admin });
	expect(signedIn.status()).toBe(200);
	return { api, headers: { authorization: `Bearer ${(await signedIn.json()).accessToken}` } };
}

/** Uploads through the API, stops its pipeline (no sidecar here) and publishes it. */
async function publishBook(request: APIRequest, book: { title: string; author: string }, audio: Buffer, category: string): Promise<{ id: string; coverSource: string | null }> {
	const { api, headers } = await adminApi(request);
	try {
		const res = await api.post('/api/v1/admin/books', {
			headers: { ...headers, origin: appUrl },
			multipart: { uploadId: randomUUID(), ...book, priceMinor: '15900', currency: 'THB', categories: category, audio: { name: 'book.mp3', mimeType: 'audio/mpeg', buffer: audio } }
		});
		expect(res.status(), await res.text()).toBe(201);
		const created = (await res.json()).book;
		await api.post(`/api/v1/admin/books/${created.id}/pipeline/cancel`, { headers });
		expect((await api.post(`/api/v1/admin/books/${created.id}/publish`, { headers })).status()).toBe(200);
		return created;
	} finally {
		await api.dispose();
	}
}

test.beforeAll(async ({ playwright }) => {
	const sine = (file: string, ...extra: string[]) =>
		execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=392:duration=20', ...extra, '-ac', '1', '-b:a', '48k', path.join(dir, file)]);
	sine('plain.mp3');
	writeFileSync(path.join(dir, 'harbour.png'), await painting('png', '#5a189a'));
	writeFileSync(path.join(dir, 'salt.jpg'), await painting('jpeg', '#0077b6'));
	writeFileSync(path.join(dir, 'not-a-picture.png'), '%PDF-1.7\n' + 'a statement, not a picture\n'.repeat(100));
	execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=20', '-i', path.join(dir, 'salt.jpg'), '-map', '0:a', '-map', '1', '-ac', '1', '-b:a', '48k', '-c:v', 'copy', '-id3v2_version', '3', '-disposition:v', 'attached_pic', path.join(dir, 'with-picture.mp3')]);

	const salt = await publishBook(playwright.request, embedded, readFileSync(path.join(dir, 'with-picture.mp3')), 'history');
	expect(salt.coverSource).toBe('audio');
	const thai = await publishBook(playwright.request, drawn, readFileSync(path.join(dir, 'plain.mp3')), 'fiction');
	expect(thai.coverSource).toBeNull();
});

test('the admin adds a book with a cover, and a PDF posing as a PNG is refused', async ({ page, playwright }) => {
	await signInAsAdmin(page);
	await page.goto(`${appUrl}/admin/books/new`);
	await page.getByLabel('Title').fill(uploaded.title);
	await page.getByLabel('Author').fill(uploaded.author);
	await page.getByLabel('Price').fill('199');
	await page.getByRole('group', { name: 'Categories' }).getByLabel('Fiction', { exact: true }).check();
	await page.getByLabel(/^Cover image/).setInputFiles(path.join(dir, 'harbour.png'));
	await page.getByLabel(/^Audio file/).setInputFiles(path.join(dir, 'plain.mp3'));
	await page.getByRole('button', { name: 'Upload book' }).click();
	await expect(page).toHaveURL(/\/admin\/books\/[0-9a-f-]{36}$/, { timeout: 30_000 });
	uploadedId = page.url().split('/').at(-1)!;

	const editor = page.getByRole('region', { name: 'Cover' });
	await expect(editor.getByText('Uploaded by an admin.')).toBeVisible();
	const { api, headers } = await adminApi(playwright.request);
	await api.post(`/api/v1/admin/books/${uploadedId}/pipeline/cancel`, { headers });
	await api.dispose();
	await page.getByRole('button', { name: 'Publish' }).first().click();
	await expect(page.getByText('published', { exact: true })).toBeVisible();

	const before = await editor.locator('img.cover').getAttribute('src');
	await editor.getByLabel(/^New cover image/).setInputFiles(path.join(dir, 'not-a-picture.png'));
	await editor.getByRole('button', { name: 'Upload cover' }).click();
	await expect(editor.getByRole('alert')).toHaveText(/not a JPEG, PNG or WebP/);
	expect(await editor.locator('img.cover').getAttribute('src')).toBe(before);
	await editor.scrollIntoViewIfNeeded();
	await shot(page, 'admin-book-cover-refused', { dark: true });
});

test('a buyer sees covers in the store, on the book page, in the library and while listening; offline too', async ({ page, context }) => {
	test.setTimeout(120_000);
	// Layout shifts, summed as Lighthouse's CLS does, from the first paint of each page.
	await context.addInitScript(() => {
		(window as unknown as { cls: number }).cls = 0;
		new PerformanceObserver((list) => {
			for (const e of list.getEntries() as unknown as Array<{ value: number; hadRecentInput: boolean }>) if (!e.hadRecentInput) (window as unknown as { cls: number }).cls += e.value;
		}).observe({ type: 'layout-shift', buffered: true });
	});
	const cls = () => page.evaluate(() => (window as unknown as { cls: number }).cls);
	await signUpAt(page, appUrl, { name: 'Cover Reader', email: uniqueEmail('covers'), password: 'covers password 1' });

	await page.goto(`${appUrl}/?q=${suffix}`);
	const cards = page.getByRole('main').getByRole('listitem');
	await expect(cards).toHaveCount(3);
	for (const img of await page.locator('img.cover').all()) {
		expect(await img.getAttribute('width')).toBe('88');
		expect(await img.getAttribute('height')).toBe('88');
		expect(await img.getAttribute('srcset')).toMatch(/160\.webp 160w, .*320\.webp 320w, .*640\.webp 640w$/);
	}
	await waitForCovers(page);
	expect(await cls()).toBeLessThan(0.02);
	await shot(page, 'store-en', { dark: true });

	await page.getByRole('link', { name: uploaded.title }).click();
	await waitForCovers(page);
	expect(await page.locator('img.cover').getAttribute('loading')).toBe('eager');
	await shot(page, 'book-en', { dark: true });
	await buyFromBookPage(page);

	await page.goto(`${appUrl}/library`);
	await shot(page, 'library-en', { dark: true });
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
	const entry = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: uploaded.title }) });
	await entry.getByRole('button', { name: `Download ${uploaded.title} for offline` }).click();
	await expect(entry.getByText(/Downloaded · [\d.]+ MB/)).toBeVisible({ timeout: 30_000 });
	const kept = await page.evaluate(async () => (await (await caches.open('covers-v1')).keys()).map((r) => new URL(r.url).pathname));
	expect(kept.sort()).toEqual([160, 320, 640].map((w) => expect.stringMatching(new RegExp(`^/covers/${uploadedId}/[0-9a-f]{24}/${w}\\.webp$`))));

	await page.goto(`${appUrl}/library/${uploadedId}`);
	await waitForCovers(page);
	const artwork = await page.evaluate(() => navigator.mediaSession.metadata?.artwork.map((a) => a.src) ?? []);
	expect(artwork).toHaveLength(3);
	for (const src of artwork) expect(src).toContain(`/covers/${uploadedId}/`);
	await shot(page, 'listen-en', { dark: true });

	await context.setOffline(true);
	// Past the browser's own cache: the picture must come from the worker's store.
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
	await page.reload();
	await waitForCovers(page);
	await context.setOffline(false);
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });

	// Removing the download removes its cover from the store too.
	await page.goto(`${appUrl}/library`);
	await entry.getByRole('button', { name: `Remove download of ${uploaded.title}` }).click();
	await expect.poll(() => page.evaluate(async () => (await (await caches.open('covers-v1')).keys()).length)).toBe(0);

	await context.addCookies([{ name: 'earshelf-locale', value: 'th', url: appUrl }]);
	await page.goto(`${appUrl}/?q=${suffix}`);
	await expect(page.locator('html')).toHaveAttribute('lang', 'th');
	await shot(page, 'store-th', { dark: true });
	await page.getByRole('link', { name: drawn.title }).click();
	await shot(page, 'book-th-drawn', { dark: true });
	await page.goto(`${appUrl}/library`);
	await shot(page, 'library-th', { dark: true });
	await page.goto(`${appUrl}/library/${uploadedId}`);
	await shot(page, 'listen-th', { dark: true });
});
