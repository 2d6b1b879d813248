/**
 * Bookmarks and clips on a phone, with the speech book of e2e/listen-book.ts (segment i is [5i, 5i+5) s).
 * A buyer saves a bookmark and a "last 30 s" clip from the player, adjusts the clip, makes a clip of a
 * transcript selection, deletes the bookmark, plays a clip (it stops at its end), adds a bookmark
 * offline that reaches the server once back online, and finds everything on a second phone. The
 * library then shows the book first under "Continue listening", and its link resumes. Screenshots at
 * 412 px, light and dark, English and Thai, go to /work/notes/shots/bookmarks/ (or E2E_SHOTS).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { devices, expect, test, type Page } from '@playwright/test';
import { setLocaleCookie } from './helpers';
import { appUrl, audioTime, buyFromBookPage, publishSpeechBook, segments, sentences, signUpAt, transcribe } from './listen-book';

const shots = process.env.E2E_SHOTS ?? path.resolve(import.meta.dirname, '../.test/screenshots/bookmarks');
const suffix = Date.now().toString(36);
const title = `The Marked Ferry ${suffix}`;
const buyer = { name: 'Mara Marker', email: `marker-${suffix}@example.com`, password: 'marker password 1' };
let bookId = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }) => {
	bookId = await publishSpeechBook(playwright.request, title);
	await transcribe(bookId, segments, 4);
});

type ServerMark = { id: string; kind: string; startMs: number; endMs: number | null; note: string };
const serverMarks = async (page: Page) => ((await (await page.request.get(`${appUrl}/api/v1/library/${bookId}/marks`)).json()) as { marks: ServerMark[] }).marks;
const marksList = (page: Page) => page.getByRole('list', { name: 'Your bookmarks and clips' });
const segmentButton = (page: Page, i: number) => page.getByRole('list', { name: 'Transcript segments' }).getByRole('button', { name: sentences[i]! });

/** Serious or critical axe findings (WCAG 2.1 AA and best practice) on the page as it is. */
async function seriousViolations(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
	return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Light and dark pictures of what the phone shows, with `locator` scrolled to the top of the screen;
 * each scheme is checked with axe first.
 */
async function shot(page: Page, name: string, locator = page.locator('section.marks')) {
	mkdirSync(shots, { recursive: true });
	await locator.evaluate((el) => el.scrollIntoView({ block: 'start' }));
	await page.evaluate(() => window.scrollBy(0, -72)); // below the sticky header
	const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
	expect(width.scroll, `${name} is wider than the phone`).toBeLessThanOrEqual(width.client);
	expect(width.client).toBe(412);
	expect(await seriousViolations(page), `${name} light`).toEqual([]);
	await page.screenshot({ path: path.join(shots, `${name}-light.png`) });
	await page.emulateMedia({ colorScheme: 'dark' });
	expect(await seriousViolations(page), `${name} dark`).toEqual([]);
	await page.screenshot({ path: path.join(shots, `${name}-dark.png`) });
	await page.emulateMedia({ colorScheme: 'light' });
}

test('a buyer keeps bookmarks and clips, offline too, and finds them on a second phone', async ({ page, browser }) => {
	test.setTimeout(150_000);
	await page.emulateMedia({ reducedMotion: 'reduce' });
	await test.step('sign up, buy and open the book', async () => {
		await signUpAt(page, appUrl, buyer);
		await page.goto(`${appUrl}/books/${bookId}`);
		await buyFromBookPage(page);
		await page.goto(`${appUrl}/library/${bookId}`);
		await expect(page.getByText('Save a place with Bookmark')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Clip last 30\u00a0s' })).toBeDisabled();
	});

	let bookmarkId = '';
	await test.step('bookmark a place from the player, with a note', async () => {
		await segmentButton(page, 3).click(); // 15 s
		await page.getByRole('button', { name: 'Bookmark this place (0:15)' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Bookmark saved at 0:15.' })).toBeVisible();
		await page.getByLabel('Note', { exact: true }).fill('The gull follows');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await expect(marksList(page).getByRole('button', { name: 'Play from 0:15' })).toContainText('The gull follows');
		await expect.poll(async () => (await serverMarks(page)).map((m) => [m.kind, m.startMs, m.note])).toEqual([['bookmark', 15_000, 'The gull follows']]);
		bookmarkId = (await serverMarks(page))[0]!.id;
	});

	await test.step('clip the last 30 s, then adjust its start and end', async () => {
		await segmentButton(page, 6).click(); // 30 s
		await page.getByRole('button', { name: 'Clip last 30\u00a0s' }).click();
		await expect(page.getByLabel('Start', { exact: true })).toHaveValue('0:00');
		await expect(page.getByLabel('End', { exact: true })).toHaveValue('0:30');
		// A wrong time is explained and nothing changes.
		await page.getByLabel('End', { exact: true }).fill('0:03');
		await page.getByLabel('Start', { exact: true }).fill('0:05');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await expect(page.getByRole('alert')).toHaveText('A clip must end after it starts and be at most 10 minutes long.');
		await page.getByLabel('End', { exact: true }).fill('0:20');
		await page.getByLabel('Note', { exact: true }).fill('Ruth at the rail');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		const clip = marksList(page).getByRole('button', { name: 'Play clip 0:05 to 0:20' });
		// Its words: the segments heard from 5 s to 20 s.
		await expect(clip).toContainText(`“${sentences.slice(1, 4).join(' ')}”`);
		await expect.poll(async () => (await serverMarks(page)).find((m) => m.kind === 'clip')).toMatchObject({ startMs: 5_000, endMs: 20_000, note: 'Ruth at the rail' });
	});

	await test.step('select transcript text and clip it', async () => {
		await page.evaluate(() => {
			const text = (i: number) => document.querySelector(`button[data-i="${i}"] .text`)!.firstChild!;
			document.getSelection()!.setBaseAndExtent(text(7), 3, text(8), 6);
		});
		await page.getByRole('button', { name: 'Clip selected text' }).click();
		await expect(page.getByRole('button', { name: 'Clip selected text' })).toHaveCount(0);
		await expect(page.getByLabel('Start', { exact: true })).toHaveValue('0:35');
		await expect(page.getByLabel('End', { exact: true })).toHaveValue('0:45');
		await page.getByRole('button', { name: 'Cancel' }).click();
		await expect(marksList(page).getByRole('button', { name: 'Play clip 0:35 to 0:45' })).toContainText(`“${sentences[7]} ${sentences[8]}”`);
		await expect.poll(async () => (await serverMarks(page)).length).toBe(3);
		await shot(page, 'listen-marks-en');
	});

	await test.step('edit a note, and delete the bookmark', async () => {
		await page.getByRole('button', { name: 'Edit the mark at 0:15' }).click();
		await page.getByLabel('Note', { exact: true }).fill('The gull, again');
		await shot(page, 'listen-marks-editing-en');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await expect.poll(async () => (await serverMarks(page)).find((m) => m.id === bookmarkId)?.note).toBe('The gull, again');
		await page.getByRole('button', { name: 'Delete the mark at 0:15' }).click();
		await expect(marksList(page).getByRole('button', { name: 'Play from 0:15' })).toHaveCount(0);
		await expect.poll(async () => (await serverMarks(page)).some((m) => m.id === bookmarkId)).toBe(false);
	});

	await test.step('a clip plays its range and stops at its end', async () => {
		await page.getByLabel('Speed').selectOption('2');
		await marksList(page).getByRole('button', { name: 'Play clip 0:35 to 0:45' }).click();
		await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
		expect(await audioTime(page)).toBeGreaterThanOrEqual(35);
		await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible({ timeout: 15_000 });
		const stoppedAt = await audioTime(page);
		expect(stoppedAt).toBeGreaterThanOrEqual(45);
		expect(stoppedAt).toBeLessThan(46.5);
		await page.getByLabel('Speed').selectOption('1');
	});

	await test.step('offline, a new bookmark is kept on the phone and synced when back online', async () => {
		await segmentButton(page, 5).click(); // 25 s
		await page.context().setOffline(true);
		await page.getByRole('button', { name: 'Bookmark this place (0:25)' }).click();
		await page.getByLabel('Note', { exact: true }).fill('Made offline');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await expect(page.getByText(/Offline: your bookmarks and clips are kept on this phone/)).toBeVisible();
		await expect(marksList(page).getByRole('button', { name: 'Play from 0:25' })).toContainText('Made offline');
		// A reload offline (the page from the worker's copy) still shows it.
		await page.reload();
		await expect(marksList(page).getByRole('button', { name: 'Play from 0:25' })).toContainText('Made offline');
		await page.context().setOffline(false);
		await expect.poll(async () => (await serverMarks(page)).find((m) => m.startMs === 25_000)?.note, { timeout: 15_000 }).toBe('Made offline');
		await expect(page.getByText(/Offline: your bookmarks and clips/)).toHaveCount(0);
	});

	await test.step('a second phone signed in as the same buyer sees the same marks', async () => {
		const context = await browser.newContext({ ...devices['Pixel 7'] });
		const other = await context.newPage();
		await other.goto(`${appUrl}/sign-in`);
		await other.getByLabel('Email').fill(buyer.email);
		await other.getByLabel('Password').fill(buyer.password);
		await other.getByRole('button', { name: 'Sign in', exact: true }).click();
		await expect(other).toHaveURL(`${appUrl}/account`);
		await other.goto(`${appUrl}/library/${bookId}`);
		await expect(marksList(other).locator('button.play-mark')).toHaveText([/Clip · 0:05–0:20\s*Ruth at the rail/, /Bookmark · 0:25\s*Made offline/, /Clip · 0:35–0:45/]);
		// It deletes the offline bookmark; the first phone follows when it is looked at again.
		await other.getByRole('button', { name: 'Delete the mark at 0:25' }).click();
		await expect.poll(async () => (await serverMarks(other)).some((m) => m.startMs === 25_000)).toBe(false);
		await context.close();
		await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
		await expect(marksList(page).getByRole('button', { name: 'Play from 0:25' })).toHaveCount(0);
	});

	await test.step('the library shows the book first under Continue listening, and resumes it', async () => {
		await page.reload(); // the transcript did not load during the offline reload
		await segmentButton(page, 4).click(); // 20 s, saved as the place
		await expect.poll(async () => ((await (await page.request.get(`${appUrl}/api/v1/library/${bookId}/position`)).json()) as { positionMs: number }).positionMs).toBe(20_000);
		await page.goto(`${appUrl}/library`);
		const row = page.getByRole('region', { name: 'Continue listening' });
		await expect(row.getByRole('listitem').first()).toContainText(title);
		await expect(row.getByRole('listitem').first()).toContainText('40% · 30 s left');
		await shot(page, 'library-continue-en', page.locator('h1'));
		await row.getByRole('link', { name: `Resume ${title} at 0:20` }).click();
		await expect(page).toHaveURL(`${appUrl}/library/${bookId}`);
		await expect.poll(() => page.locator('audio').evaluate((a: HTMLAudioElement) => a.readyState)).toBeGreaterThanOrEqual(1);
		expect(await audioTime(page)).toBe(20);
	});

	await test.step('in Thai', async () => {
		await setLocaleCookie(page.context(), 'th');
		await page.goto(`${appUrl}/library/${bookId}`);
		await expect(page.getByRole('heading', { name: 'บุ๊กมาร์กและคลิป' })).toBeVisible();
		await expect(page.locator('button.play-mark')).toHaveCount(2);
		await shot(page, 'listen-marks-th');
		await page.locator('section.marks').getByRole('button', { name: 'แก้ไข' }).first().click();
		await shot(page, 'listen-marks-editing-th');
		await page.goto(`${appUrl}/library`);
		await expect(page.getByRole('heading', { name: 'ฟังต่อ' })).toBeVisible();
		await shot(page, 'library-continue-th', page.locator('h1'));
		await setLocaleCookie(page.context(), 'en');
	});

	await test.step('on a wide screen the player stays beside the marks and the transcript', async () => {
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.goto(`${appUrl}/library/${bookId}`);
		await expect(page.locator('button.play-mark')).toHaveCount(2);
		const [player, marks, transcript] = await Promise.all(['section.player', 'section.marks', 'section.transcript'].map((s) => page.locator(s).boundingBox()));
		expect(marks!.x).toBeGreaterThan(player!.x + player!.width);
		expect(transcript!.x).toBe(marks!.x);
		expect(transcript!.y).toBeGreaterThan(marks!.y + marks!.height);
		await page.screenshot({ path: path.join(shots, 'listen-marks-wide-en-light.png') });
	});
});
