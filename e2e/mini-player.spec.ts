/**
 * Playback across pages, on a phone: a buyer starts the speech book of e2e/listen-book.ts, sets a
 * sleep timer and leaves for the store; the book keeps playing and a mini-player at the bottom shows
 * it; pausing there saves the place to the server; playing again and following the mini-player's link
 * returns to the listening page where the book is, still playing, with the sleep timer still set.
 * Screenshots at 412 px, light and dark, English and Thai: .test/screenshots/mini-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { setLocaleCookie } from './helpers';
import { appUrl, audioTime, buyFromBookPage, publishSpeechBook, segments, signUpAt, transcribe } from './listen-book';

const screenshots = path.resolve(import.meta.dirname, '../.test/screenshots');
const suffix = Date.now().toString(36);
const title = `The Night Ferry ${suffix}`;
const buyer = { name: 'Mia Mini', email: `mini-${suffix}@example.com`, password: 'mini player 1' };
let bookId = '';

async function shot(page: Page, name: string) {
	mkdirSync(screenshots, { recursive: true });
	await page.screenshot({ path: path.join(screenshots, `mini-${name}.png`) });
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.screenshot({ path: path.join(screenshots, `mini-${name}-dark.png`) });
	await page.emulateMedia({ colorScheme: 'light' });
}

const isPlaying = (page: Page) => page.locator('audio').evaluate((a: HTMLAudioElement) => !a.paused);

test.beforeAll(async ({ playwright }) => {
	bookId = await publishSpeechBook(playwright.request, title);
	await transcribe(bookId, segments, 4);
});

test('the book keeps playing across pages, with a mini-player that pauses, saves and leads back', async ({ page, context }) => {
	await signUpAt(page, appUrl, buyer);
	await page.goto(`${appUrl}/books/${bookId}`);
	await buyFromBookPage(page);
	await page.goto(`${appUrl}/library/${bookId}`);
	const mini = page.getByRole('region', { name: 'Now playing' });
	await expect(mini).toHaveCount(0);

	await page.getByRole('button', { name: 'Play', exact: true }).click();
	await expect.poll(() => audioTime(page), { timeout: 15_000 }).toBeGreaterThan(1);
	await page.getByLabel('Sleep timer').selectOption('30');
	// The listening page has its own player: no mini-player there.
	await expect(mini).toHaveCount(0);

	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Store' }).click();
	await expect(page).toHaveURL(`${appUrl}/`);
	await expect(mini).toBeVisible();
	await expect(mini.getByRole('link', { name: `Open ${title}` })).toBeVisible();
	const before = await audioTime(page);
	await expect.poll(() => audioTime(page), { timeout: 10_000 }).toBeGreaterThan(before + 1);
	expect(await isPlaying(page)).toBe(true);
	await shot(page, 'store');

	// Another page: still playing, still shown.
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
	await expect(page.getByRole('heading', { name: 'Your library' })).toBeVisible();
	await expect(mini).toBeVisible();
	expect(await isPlaying(page)).toBe(true);

	await mini.getByRole('button', { name: `Pause ${title}` }).click();
	expect(await isPlaying(page)).toBe(false);
	const pausedAt = await audioTime(page);
	await expect
		.poll(async () => ((await (await page.request.get(`${appUrl}/api/v1/library/${bookId}/position`)).json()) as { positionMs: number }).positionMs)
		.toBeGreaterThanOrEqual(Math.floor(pausedAt * 1000) - 1000);
	await expect(mini.getByRole('button', { name: `Play ${title}` })).toBeVisible();

	await mini.getByRole('button', { name: `Play ${title}` }).click();
	await expect.poll(() => isPlaying(page)).toBe(true);
	await mini.getByRole('link', { name: `Open ${title}` }).click();
	await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
	await expect(mini).toHaveCount(0);
	// The place and the playing carry on (no jump back to the saved position), and so does the sleep timer.
	expect(await isPlaying(page)).toBe(true);
	expect(await audioTime(page)).toBeGreaterThanOrEqual(pausedAt);
	await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
	await expect(page.getByLabel('Sleep timer')).toHaveValue('30');
	await expect(page.getByRole('status').filter({ hasText: /Stops in/ })).toBeVisible();

	// Thai: the same bar in the Thai interface (a full load: playback starts again from a tap).
	await setLocaleCookie(context, 'th');
	await page.goto(`${appUrl}/library/${bookId}`);
	await page.getByRole('button', { name: 'เล่น', exact: true }).click();
	await expect.poll(() => isPlaying(page)).toBe(true);
	await page.getByRole('navigation').first().getByRole('link', { name: 'ร้านค้า' }).click();
	await expect(page.getByRole('region', { name: 'กำลังเล่น' })).toBeVisible();
	await shot(page, 'store-th');
	await page.getByRole('region', { name: 'กำลังเล่น' }).getByRole('button', { name: `หยุด ${title} ชั่วคราว` }).click();
	await setLocaleCookie(context, 'en');
});
