/**
 * B4 of the PWA research notes: a new version is deployed while a book plays. The page says "Update
 * available"; accepting it does not cut the listening: the reload waits until the listener pauses, the
 * position is saved first, and after the reload the new worker controls the page and the player starts
 * where the listener paused.
 */
import { expect, test, type Page } from '@playwright/test';
import { uniqueEmail } from '../tests/helpers/http';
import { startUpdatableOrigin } from './helpers/updatable-origin';
import { buyFromBookPage, signUpAt, appUrl, audioTime, publishSpeechBook, segments, transcribe } from './listen-book';

const title = `The Harbour Clock ${Date.now().toString(36)}`;
const buyer = { name: 'Uma Update', email: uniqueEmail('update'), password: 'update listener 1' };
let bookId = '';

test.beforeAll(async ({ playwright }) => {
	bookId = await publishSpeechBook(playwright.request, title);
	await transcribe(bookId, segments, 4);
});

const controllerVersion = (page: Page) =>
	page.evaluate(async () => {
		const keys = await caches.keys();
		return { controlled: navigator.serviceWorker.controller !== null, shells: keys.filter((k) => k.startsWith('shell-')) };
	});

test('an update found while a book plays waits for the pause, saves the place and resumes there', async ({ page }) => {
	test.setTimeout(120_000);
	const origin = await startUpdatableOrigin(appUrl);
	try {
		await test.step('a buyer owns the book and opens it on the installed app', async () => {
			await signUpAt(page, origin.url, buyer);
			await page.goto(`${origin.url}/books/${bookId}`);
			await buyFromBookPage(page);

			await page.goto(`${origin.url}/library/${bookId}`);
			await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
			if (!(await controllerVersion(page)).controlled) await page.reload();
			await expect.poll(async () => (await controllerVersion(page)).controlled).toBe(true);
			expect((await controllerVersion(page)).shells).toEqual([`shell-${origin.built}`]);
		});

		await test.step('it plays; a deploy happens; the page offers the update', async () => {
			await page.getByRole('button', { name: 'Play' }).click();
			await expect.poll(() => audioTime(page), { timeout: 15_000 }).toBeGreaterThan(1);
			origin.deployNewVersion();
			// What the app does on navigation, done here at once: ask the browser to look for a new worker.
			await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
			await expect(page.getByText('Update available: a new version of Earshelf is ready.')).toBeVisible({ timeout: 30_000 });
		});

		await test.step('accepting it while playing changes nothing the listener hears', async () => {
			await page.evaluate(() => ((window as unknown as { beforeUpdate: boolean }).beforeUpdate = true));
			await page.getByRole('button', { name: 'Update', exact: true }).click();
			const before = await audioTime(page);
			// Long enough for the new worker to take control; the page must still be this one, playing.
			await page.waitForTimeout(3_000);
			expect(await page.evaluate(() => (window as unknown as { beforeUpdate?: boolean }).beforeUpdate)).toBe(true);
			expect(await page.locator('audio').evaluate((a: HTMLAudioElement) => a.paused)).toBe(false);
			expect(await audioTime(page)).toBeGreaterThan(before + 1);
		});

		let pausedAt = 0;
		await test.step('pausing lets the reload happen, with the place saved first', async () => {
			const reloaded = page.waitForEvent('load', { timeout: 30_000 });
			// The reload follows the pause at once, so the place is read in the same task as the click.
			pausedAt = await page.getByRole('button', { name: 'Pause' }).evaluate((button) => {
				(button as HTMLButtonElement).click();
				return document.querySelector('audio')!.currentTime;
			});
			await reloaded;
			expect(await page.evaluate(() => (window as unknown as { beforeUpdate?: boolean }).beforeUpdate)).toBeUndefined();
			const saved = await page.request.get(`${origin.url}/api/v1/library/${bookId}/position`);
			expect(Math.abs((await saved.json()).positionMs / 1000 - pausedAt)).toBeLessThan(1.5);
		});

		await test.step('the new version controls the page and the player is where it paused', async () => {
			await expect.poll(async () => (await controllerVersion(page)).shells, { timeout: 30_000 }).toEqual([`shell-${Number(origin.built) + 1}`]);
			await expect.poll(() => page.locator('audio').evaluate((a: HTMLAudioElement) => a.readyState)).toBeGreaterThanOrEqual(1);
			expect(Math.abs((await audioTime(page)) - pausedAt)).toBeLessThan(1.5);
			await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
		});
	} finally {
		await origin.close();
	}
});
