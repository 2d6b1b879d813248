/**
 * The buyer's whole day in one journey, on a phone: sign up → browse → filter by category → search →
 * book page → add to cart → checkout → library → play, seek, change speed → download for offline →
 * offline, reload: the library opens, the book plays and seeks from the phone, the transcript shows →
 * back online, the place listened to offline reaches the server. The parts are tested in depth in
 * store.spec, listen.spec and offline.spec; this one proves they hold together.
 */
import { expect, test, type Page } from '@playwright/test';
import { uniqueEmail } from '../tests/helpers/http';
import { buyFromBookPage, signUpAt, appUrl, audioTime, publishSpeechBook, segments, sentences, transcribe } from './listen-book';

const word = `Lanternkeeper${Date.now().toString(36)}`;
const title = `The ${word} of Pier Nine`;
const buyer = { name: 'Dao Journey', email: uniqueEmail('journey'), password: 'journey password 1' };
let bookId = '';

test.beforeAll(async ({ playwright }) => {
	bookId = await publishSpeechBook(playwright.request, title);
	await transcribe(bookId, segments, 4);
});

const serverPositionMs = async (page: Page) =>
	((await (await page.request.get(`${appUrl}/api/v1/library/${bookId}/position`)).json()) as { positionMs: number }).positionMs;

test('sign up, find, buy, listen, download, listen offline, and the place follows back online', async ({ page, context }) => {
	test.setTimeout(180_000);
	const bookLink = page.getByRole('link', { name: title });

	await test.step('sign up', async () => {
		await signUpAt(page, appUrl, buyer);
	});

	await test.step('browse, filter by its category, search by a word of its title', async () => {
		await page.getByRole('link', { name: 'Store' }).click();
		await page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Fiction', exact: true }).click();
		await expect(page).toHaveURL(/[?&]category=fiction/);
		await page.getByRole('searchbox').fill(word);
		await page.getByRole('button', { name: 'Search' }).click();
		await expect(page).toHaveURL(new RegExp(`[?&]q=${word}`));
		await expect(bookLink).toBeVisible();
		await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(1);
	});

	await test.step('book page, cart, checkout', async () => {
		await bookLink.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
		await buyFromBookPage(page);
	});

	await test.step('library: play, seek, change speed', async () => {
		await page.goto(`${appUrl}/library`);
		await page.getByRole('link', { name: `Listen to ${title}` }).click();
		await expect(page).toHaveURL(`${appUrl}/library/${bookId}`);
		await page.getByRole('button', { name: 'Play' }).click();
		await expect.poll(() => audioTime(page), { timeout: 15_000 }).toBeGreaterThan(0.5);
		await page.getByRole('button', { name: sentences[4]! }).click(); // seek by the transcript: 20 s
		await expect.poll(() => audioTime(page)).toBeGreaterThanOrEqual(20);
		await page.getByLabel('Speed').selectOption('1.5');
		expect(await page.locator('audio').evaluate((a: HTMLAudioElement) => a.playbackRate)).toBe(1.5);
		await page.getByRole('button', { name: 'Pause' }).click();
	});

	await test.step('download for offline', async () => {
		await page.goto(`${appUrl}/library`);
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
		await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
		const entry = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
		await entry.getByRole('button', { name: `Download ${title} for offline` }).click();
		await expect(entry.getByText(/Downloaded · [\d.]+ MB/)).toBeVisible({ timeout: 30_000 });
	});

	let offlinePlaceS = 0;
	await test.step('offline: the library and the book open, it plays and seeks from the phone, the transcript shows', async () => {
		await context.setOffline(true);
		await page.reload();
		// The library's own entry (the Continue listening row names the book too, one level down).
		await expect(page.getByRole('heading', { name: title, level: 2 })).toBeVisible();
		await expect(page.getByText('You are offline. Downloaded books still play')).toBeVisible();
		await page.goto(`${appUrl}/library/${bookId}`);
		await expect(page.getByRole('list', { name: 'Transcript segments' }).getByRole('button')).toHaveCount(sentences.length);
		const answers: { fromServiceWorker: boolean; status: number }[] = [];
		page.on('response', (r) => {
			if (r.url().endsWith(`/api/v1/library/${bookId}/audio`)) answers.push({ fromServiceWorker: r.fromServiceWorker(), status: r.status() });
		});
		await page.getByRole('button', { name: 'Play' }).click();
		await expect.poll(() => audioTime(page), { timeout: 15_000 }).toBeGreaterThan(0);
		await page.getByRole('button', { name: sentences[7]! }).click(); // 35 s
		await expect.poll(() => audioTime(page)).toBeGreaterThanOrEqual(35);
		await expect.poll(() => page.locator('audio').evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
		await page.getByRole('button', { name: 'Pause' }).click();
		offlinePlaceS = await audioTime(page);
		expect(answers.length).toBeGreaterThan(0);
		expect(answers.every((a) => a.fromServiceWorker && a.status === 206), JSON.stringify(answers)).toBe(true);
		await expect(page.getByText(/Offline: your place is kept on this phone/)).toBeVisible();
	});

	await test.step('back online, the place listened to offline reaches the server', async () => {
		await context.setOffline(false);
		await expect.poll(() => serverPositionMs(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(35_000);
		expect(Math.abs((await serverPositionMs(page)) / 1000 - offlinePlaceS)).toBeLessThan(1.5);
	});
});
