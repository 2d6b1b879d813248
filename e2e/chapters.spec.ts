/**
 * Chapters on a phone: an admin sets the speech book's chapters on its admin page (add, rename, move,
 * delete, save); a buyer sees the chapter playing and how far into it, steps to the next and previous
 * chapter with the player's buttons and the lock screen's (Media Session), jumps from the chapter list,
 * and reads the chapter headings in the transcript. Screenshots, light and dark, English and Thai, go
 * to .test/screenshots/chapters-*.png (and CHAPTER_SHOTS, when set).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { appUrl, audioTime, buyFromBookPage, publishSpeechBook, segments, signInAsAdmin, signUpAt, transcribe } from './listen-book';
import { setLocaleCookie } from './helpers';

const dirs = [path.resolve(import.meta.dirname, '../.test/screenshots'), ...(process.env.CHAPTER_SHOTS ? [process.env.CHAPTER_SHOTS] : [])];
const suffix = Date.now().toString(36);
const buyer = { name: 'Chai Chapters', email: `chapters-${suffix}@example.com`, password: 'chapters password 1' };
let bookId = '';

test.describe.configure({ mode: 'serial' });

async function shot(page: Page, name: string, scrollTo?: string) {
	await page.evaluate((selector) => (selector ? document.querySelector(selector)!.scrollIntoView({ block: 'start' }) : window.scrollTo(0, 0)), scrollTo ?? null);
	const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
	expect(scrollWidth, `${name}: wider than the phone's screen`).toBeLessThanOrEqual(clientWidth);
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		for (const dir of dirs) {
			mkdirSync(dir, { recursive: true });
			await page.screenshot({ path: path.join(dir, `chapters-${name}${scheme === 'dark' ? '-dark' : ''}.png`) });
		}
	}
	await page.emulateMedia({ colorScheme: 'light' });
}

test('an admin sets a book’s chapters on its page', async ({ page, playwright }) => {
	bookId = await publishSpeechBook(playwright.request, `The Chaptered Ferry ${suffix}`);
	await transcribe(bookId, segments, 5);
	await signInAsAdmin(page);
	await page.goto(`${appUrl}/admin/books/${bookId}`);
	const editor = page.getByRole('region', { name: 'Chapters' });
	await expect(editor).toContainText('No chapters yet');
	for (const [start, title] of [['0:00', 'The Night Ferry'], ['0:20', 'Wrong place'], ['0:40', 'Spare'], ['0:35', 'The Letter']]) {
		await editor.getByRole('button', { name: 'Add a chapter' }).click();
		await editor.getByLabel('Start (h:mm:ss)').last().fill(start);
		await editor.getByLabel('Title').last().fill(title);
	}
	// Move the second chapter and rename it; delete the spare one.
	await editor.getByLabel('Start (h:mm:ss)').nth(1).fill('0:15');
	await editor.getByLabel('Title').nth(1).fill('The Harbour');
	await editor.getByRole('button', { name: 'Delete chapter 3' }).click();
	await editor.getByLabel('Start (h:mm:ss)').nth(1).fill('9:99');
	await editor.getByRole('button', { name: 'Save chapters' }).click();
	await expect(editor.getByRole('alert')).toHaveText('Chapter 2: write the start as h:mm:ss, m:ss or seconds.');
	await editor.getByLabel('Start (h:mm:ss)').nth(1).fill('0:15');
	await editor.getByLabel('Start (h:mm:ss)').nth(2).fill('5:00');
	await editor.getByRole('button', { name: 'Save chapters' }).click();
	await expect(editor.getByRole('alert')).toContainText('must be before the end of the recording');
	await editor.getByLabel('Start (h:mm:ss)').nth(2).fill('0:35');
	await editor.getByRole('button', { name: 'Save chapters' }).click();
	await expect(editor.getByRole('status')).toHaveText('Chapters saved.');
	await expect(editor).toContainText('Now: set by an admin');
	await page.reload();
	await expect(page.getByRole('region', { name: 'Chapters' }).getByLabel('Title')).toHaveText(['', '', '']);
	expect(await page.getByRole('region', { name: 'Chapters' }).getByLabel('Title').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual([
		'The Night Ferry',
		'The Harbour',
		'The Letter'
	]);
	await shot(page, 'admin', 'section.chapter-editor');
});

test('a buyer moves through the chapters by buttons, the lock screen, the list and reads them in the transcript', async ({ page, context }) => {
	// Record the Media Session handlers the page sets, to press the lock screen's buttons.
	await context.addInitScript(() => {
		const handlers: Record<string, ((d: object) => void) | null> = {};
		(window as unknown as { mediaHandlers: typeof handlers }).mediaHandlers = handlers;
		const session = navigator.mediaSession;
		const original = session.setActionHandler.bind(session);
		session.setActionHandler = (action, handler) => {
			handlers[action] = handler as never;
			original(action, handler);
		};
	});
	await signUpAt(page, appUrl, buyer);
	await page.goto(`${appUrl}/books/${bookId}`);
	await buyFromBookPage(page);
	await page.goto(`${appUrl}/library/${bookId}`);
	const chapters = page.getByRole('region', { name: 'Chapters' });
	await expect(chapters).toContainText('Chapter 1 of 3');
	await expect(chapters).toContainText('The Night Ferry');
	await expect(chapters).toContainText('0:00 of 0:15');
	await expect.poll(() => page.locator('audio').evaluate((a: HTMLAudioElement) => a.readyState)).toBeGreaterThanOrEqual(1);

	await chapters.getByRole('button', { name: 'Next chapter' }).click();
	await expect.poll(() => audioTime(page)).toBeCloseTo(15, 0);
	await expect(chapters).toContainText('Chapter 2 of 3');
	await expect(chapters).toContainText('The Harbour');
	await expect(chapters).toContainText('0:00 of 0:20');

	await chapters.getByRole('button', { name: 'Previous chapter' }).click();
	await expect.poll(() => audioTime(page)).toBeCloseTo(0, 0);
	await expect(chapters).toContainText('Chapter 1 of 3');

	await page.evaluate(() => (window as unknown as { mediaHandlers: Record<string, (d: object) => void> }).mediaHandlers.nexttrack!({}));
	await expect.poll(() => audioTime(page)).toBeCloseTo(15, 0);
	await page.evaluate(() => (window as unknown as { mediaHandlers: Record<string, (d: object) => void> }).mediaHandlers.nexttrack!({}));
	await expect.poll(() => audioTime(page)).toBeCloseTo(35, 0);
	await expect(chapters.getByRole('button', { name: 'Next chapter' })).toBeDisabled();
	await page.evaluate(() => (window as unknown as { mediaHandlers: Record<string, (d: object) => void> }).mediaHandlers.previoustrack!({}));
	await expect.poll(() => audioTime(page)).toBeCloseTo(15, 0);
	// Elsewhere in the app the lock screen still goes by chapter, and the page comes back where it is.
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Store' }).click();
	await expect(page).toHaveURL(`${appUrl}/`);
	await page.evaluate(() => (window as unknown as { mediaHandlers: Record<string, (d: object) => void> }).mediaHandlers.nexttrack!({}));
	await expect.poll(() => audioTime(page)).toBeCloseTo(35, 0);
	await page.goBack();
	await expect(chapters).toContainText('Chapter 3 of 3');
	expect(await audioTime(page)).toBeCloseTo(35, 0);

	await chapters.getByText('All chapters (3)').click();
	await chapters.getByRole('button', { name: /The Letter/ }).click();
	await expect.poll(() => audioTime(page)).toBeCloseTo(35, 0);
	await expect(chapters.getByRole('button', { name: /The Letter/ })).toHaveAttribute('aria-current', 'true');

	const transcript = page.getByRole('region', { name: 'Transcript' });
	await expect(transcript.getByRole('heading', { level: 3 })).toHaveText(['The Night Ferry', 'The Harbour', 'The Letter']);
	// Each heading sits just above the segment its chapter begins in (segments are 5 s each).
	const before = await transcript.locator('li:has(h3) button').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.i));
	expect(before).toEqual(['0', '3', '7']);
	await chapters.getByText('All chapters (3)').click();
	await shot(page, 'player-en');
	await shot(page, 'transcript-en', 'section.transcript');

	await setLocaleCookie(context, 'th');
	await page.reload();
	const thai = page.getByRole('region', { name: 'บท', exact: true });
	await expect(thai).toContainText(/บทที่ \d จาก 3/);
	await expect(thai.getByRole('button', { name: 'บทถัดไป' })).toBeVisible();
	await thai.getByText('บททั้งหมด (3)').click();
	await shot(page, 'player-th');
	await shot(page, 'transcript-th', 'section.transcript');
});
