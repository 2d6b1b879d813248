/**
 * Searching what the books say, on a phone: a buyer owns the speech book of e2e/listen-book.ts (with
 * chapters) and a Thai book; a phrase typed in the library's search box finds the moment with the
 * book, chapter and time, and the result opens the book playing from there. Thai typed without
 * spaces finds Thai speech in the Thai interface, whose category names are Thai. Offline, the
 * transcript stored with a downloaded book is searched in the browser and its result plays from the
 * download. Screenshots at 412 px, light and dark, English and Thai, go to .test/screenshots/search-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createDb, parseDatabaseUrl } from '../src/lib/server/db';
import { setLocaleCookie, signIn } from './helpers';
import { appUrl, audioTime, buyFromBookPage, publishSpeechBook, SEGMENT_SECONDS, segments, signUpAt, transcribe } from './listen-book';

const screenshots = path.resolve(import.meta.dirname, '../.test/screenshots');
const suffix = Date.now().toString(36);
const english = { id: '', title: `The Night Ferry ${suffix}` };
const thai = { id: '', title: `เรือข้ามฟากกลางคืน ${suffix}` };
const buyer = { name: 'Sam Searcher', email: `searcher-${suffix}@example.com`, password: 'search listener 1' };
const thaiSegments = [
	{ start: 0, end: 5, text: 'บทที่หนึ่ง เรือข้ามฟาก' },
	{ start: 5, end: 10, text: 'คืนนั้นผู้ดูแลประภาคารเห็นแสงไฟจากเรือประมงลำเล็ก' },
	{ start: 10, end: 15, text: 'เธอเปิดจดหมายอ่านในที่สุด' }
];

test.describe.configure({ mode: 'serial' });

async function shot(page: Page, name: string) {
	mkdirSync(screenshots, { recursive: true });
	await page.evaluate(() => window.scrollTo(0, 0));
	const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
	expect(scrollWidth, `${name}: the page is wider than the phone's screen`).toBeLessThanOrEqual(clientWidth);
	await page.screenshot({ path: path.join(screenshots, `search-${name}.png`) });
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.screenshot({ path: path.join(screenshots, `search-${name}-dark.png`) });
	await page.emulateMedia({ colorScheme: 'light' });
}

async function addChapters(bookId: string, chapters: [number, string][]) {
	const db = createDb(parseDatabaseUrl(process.env.E2E_DATABASE_URL!));
	try {
		await db
			.insertInto('book_chapters')
			.values(chapters.map(([startMs, title], position) => ({ book_id: bookId, position, start_ms: startMs, title, source: 'admin' as const })))
			.execute();
	} finally {
		await db.destroy();
	}
}

const results = (page: Page) => page.locator('ol.results > li');

test.beforeAll(async ({ playwright }) => {
	english.id = await publishSpeechBook(playwright.request, english.title);
	await transcribe(english.id, segments, 4);
	await addChapters(english.id, [
		[0, 'The Night Ferry'],
		[6 * SEGMENT_SECONDS * 1000, 'The Far Shore']
	]);
	thai.id = await publishSpeechBook(playwright.request, thai.title);
	await transcribe(thai.id, thaiSegments, 2);
});

test('search finds the moment, and the result plays the book from there', async ({ page }) => {
	await signUpAt(page, appUrl, buyer);
	for (const book of [english, thai]) {
		await page.goto(`${appUrl}/books/${book.id}`);
		await buyFromBookPage(page);
	}
	await page.goto(`${appUrl}/library`);
	await page.getByLabel('Search what your books say').fill('lighthouse blinked');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await expect(results(page)).toHaveCount(1);
	const hit = results(page).first();
	// Sentence 7 of the book starts at 30 s, in the second chapter.
	await expect(hit).toContainText(english.title);
	await expect(hit).toContainText('The Far Shore · 0:30');
	await expect(hit.locator('mark')).toHaveText('lighthouse blinked');
	await expect(page).toHaveURL(/\/library\?q=lighthouse\+blinked$/);
	await shot(page, 'results');

	await page.getByLabel('Search what your books say').fill('nothing like this');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await expect(page.getByText('None of your books says “nothing like this”.')).toBeVisible();

	await page.getByLabel('Search what your books say').fill('captain rang');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await page.getByRole('link', { name: `Play ${english.title} from 0:20` }).click();
	await expect(page.getByRole('heading', { name: english.title, level: 1 })).toBeVisible();
	// The moment is applied once the audio's metadata is in, and it plays (the tap on the result counts).
	await expect.poll(() => audioTime(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(20);
	expect(await audioTime(page)).toBeLessThan(20 + SEGMENT_SECONDS);
	await expect.poll(() => page.locator('audio').evaluate((a: HTMLAudioElement) => !a.paused)).toBe(true);
	await expect(page).toHaveURL(`${appUrl}/library/${english.id}`);
	await page.locator('audio').evaluate((a: HTMLAudioElement) => a.pause());

	// Without JavaScript's help the address alone finds the same (the form's GET).
	await page.goto(`${appUrl}/library?q=${encodeURIComponent('gull followed')}`);
	await expect(results(page).first()).toContainText('The Night Ferry · 0:15');
});

test('Thai: a phrase typed without spaces finds Thai speech; the store shows categories in Thai', async ({ page, context }) => {
	await signIn(page, buyer);
	await setLocaleCookie(context, 'th');
	await page.goto(`${appUrl}/library`);
	await page.getByLabel('ค้นหาสิ่งที่หนังสือของคุณพูดถึง').fill('เรือประมง');
	await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
	await expect(results(page)).toHaveCount(1);
	await expect(results(page).first()).toContainText(thai.title);
	await expect(results(page).first()).toContainText('0:05');
	await expect(results(page).first().locator('mark')).toHaveText('เรือประมง');
	await shot(page, 'results-th');

	await page.goto(`${appUrl}/`);
	await expect(page.getByRole('link', { name: 'นวนิยาย' }).first()).toBeVisible();
	await expect(page.getByRole('link', { name: 'สยองขวัญ' })).toBeVisible();
	await shot(page, 'store-categories-th');
	await page.goto(`${appUrl}/books/${english.id}`);
	await expect(page.getByRole('link', { name: 'นวนิยาย' })).toBeVisible();
	await setLocaleCookie(context, 'en');
	await page.goto(`${appUrl}/`);
	await expect(page.getByRole('link', { name: 'Fiction', exact: true }).first()).toBeVisible();
});

test('offline, the downloaded book’s transcript is searched on the phone and its result plays the download', async ({ page, context }) => {
	await signIn(page, buyer);
	await page.goto(`${appUrl}/library`);
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
	if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

	const entry = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: english.title }) });
	await entry.getByRole('button', { name: `Download ${english.title} for offline` }).click();
	await expect(entry.getByText(/Downloaded/)).toBeVisible({ timeout: 60_000 });

	await context.setOffline(true);
	await page.reload();
	await page.getByLabel('Search what your books say').fill('Ruth opened her');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await expect(page.getByText('You are offline: only books downloaded to this device were searched.')).toBeVisible();
	await expect(results(page)).toHaveCount(1);
	await expect(results(page).first()).toContainText('0:35');
	await expect(results(page).first().locator('mark')).toHaveText('Ruth opened her');
	// The Thai book was not downloaded: its words are not found offline.
	await shot(page, 'results-offline');
	await page.getByLabel('Search what your books say').fill('เรือประมง');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await expect(page.getByText('None of your books says “เรือประมง”.')).toBeVisible();

	await page.getByLabel('Search what your books say').fill('Ruth opened her');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await page.getByRole('link', { name: `Play ${english.title} from 0:35` }).click();
	await expect(page.getByRole('heading', { name: english.title, level: 1 })).toBeVisible();
	await expect.poll(() => audioTime(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(35);
	expect(await audioTime(page)).toBeLessThan(35 + SEGMENT_SECONDS);
	await page.locator('audio').evaluate((a: HTMLAudioElement) => a.pause());
	await context.setOffline(false);
});
