/**
 * The listening journey on a phone, with the speech book of e2e/listen-book.ts (its transcript stored
 * as the pipeline stores it). A buyer buys it,
 * opens it from the library, plays, skips, changes speed, seeks by the transcript and by the progress
 * bar, searches the book, and the transcript marks the segment being spoken. A reload resumes near the
 * saved place; a second browser context (another phone) signed in as the same buyer resumes there too,
 * and the first phone, paused, follows its move when looked at again; a place saved offline reaches
 * the server once the phone is back online. Screenshots of the page in light and dark go to
 * .test/screenshots/listen-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { devices, expect, test, type Browser, type Page } from '@playwright/test';
import { buyFromBookPage, signUpAt, appUrl, audioTime, durationS, publishSpeechBook, SEGMENT_SECONDS, segments, sentences, transcribe } from './listen-book';

const screenshots = path.resolve(import.meta.dirname, '../.test/screenshots');

const suffix = Date.now().toString(36);
const title = `The Night Ferry ${suffix}`;
const buyer = { name: 'Lena Listener', email: `listener-${suffix}@example.com`, password: 'listener password 1' };
let bookId = '';

test.describe.configure({ mode: 'serial' });

/**
 * Saves what the phone's screen shows (light, then dark), at the top of the page or, with `transcript`,
 * scrolled to the transcript panel: not full-page pictures, which grow the viewport and so the panel's
 * height, and undo its scrolling.
 */
async function shot(page: Page, name: string, opts: { transcript?: boolean } = {}) {
	mkdirSync(screenshots, { recursive: true });
	const { scrollWidth, clientWidth, wide } = await page.evaluate((transcript) => {
		if (transcript) document.querySelector('section.transcript')!.scrollIntoView({ block: 'end' });
		else window.scrollTo(0, 0);
		const width = document.documentElement.clientWidth;
		const wide = [...document.querySelectorAll('body *')]
			.filter((e) => e.getBoundingClientRect().right > width + 0.5)
			.map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`)
			.slice(0, 5);
		return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, wide };
	}, opts.transcript ?? false);
	expect(scrollWidth, `${name}: the page is wider than the phone's screen: ${wide.join(', ')}`).toBeLessThanOrEqual(clientWidth);
	await page.screenshot({ path: path.join(screenshots, `listen-${name}.png`) });
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.screenshot({ path: path.join(screenshots, `listen-${name}-dark.png`) });
	await page.emulateMedia({ colorScheme: 'light' });
}

const currentSegment = (page: Page) => page.getByRole('list', { name: 'Transcript segments' }).locator('button[aria-current="true"]');
const serverPosition = async (page: Page) => (await (await page.request.get(`${appUrl}/api/v1/library/${bookId}/position`)).json()) as { positionMs: number; updatedAt: string | null };

/** The marked segment is the one at the audio's current time. */
const transcriptAgrees = (page: Page) =>
	page.evaluate(({ seconds, last }) => {
		const audio = document.querySelector('audio')!;
		const marked = document.querySelector<HTMLElement>('button[aria-current="true"]');
		return marked !== null && Number(marked.dataset.i) === Math.min(last, Math.floor(audio.currentTime / seconds));
	}, { seconds: SEGMENT_SECONDS, last: sentences.length - 1 });

/** Where the marked segment's top is in the panel's visible height: 0 top, 1 bottom, outside 0–1 when hidden. */
const segmentPlaceInPanel = (page: Page) =>
	page.evaluate(() => {
		const list = document.querySelector('ol.segments')!.getBoundingClientRect();
		const marked = document.querySelector('button[aria-current="true"]')!.getBoundingClientRect();
		return (marked.top - list.top) / list.height;
	});

/** Waits until the player has applied its resume position (the audio's metadata is in). */
async function resumedAt(page: Page) {
	await expect.poll(() => page.locator('audio').evaluate((a: HTMLAudioElement) => a.readyState)).toBeGreaterThanOrEqual(1);
	return audioTime(page);
}

async function signIn(page: Page) {
	await page.goto(`${appUrl}/sign-in`);
	await page.getByLabel('Email').fill(buyer.email);
	await page.getByLabel('Password').fill(buyer.password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page).toHaveURL(`${appUrl}/account`);
}

test.beforeAll(async ({ playwright }) => {
	bookId = await publishSpeechBook(playwright.request, title);
	await transcribe(bookId, segments, 4);
});

test('a buyer listens with the transcript, and picks up where they left off on a second phone', async ({ page, browser }) => {
	// Instant scrolls (the panel honours reduced motion): screenshots never catch the page mid-scroll.
	await page.emulateMedia({ reducedMotion: 'reduce' });
	const cspViolations: string[] = [];
	page.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
	await test.step('sign up and buy the book', async () => {
		await signUpAt(page, appUrl, buyer);
		await page.goto(`${appUrl}/books/${bookId}`);
		await buyFromBookPage(page);
	});

	await test.step('the library links to the listening page, which starts at the beginning', async () => {
		await page.goto(`${appUrl}/library`);
		// The title links there too, as the Listen button does.
		await page.getByRole('link', { name: title, exact: true }).click();
		await expect(page).toHaveURL(`${appUrl}/library/${bookId}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
		await expect(page.getByRole('list', { name: 'Transcript segments' }).getByRole('button')).toHaveCount(sentences.length);
		expect(await resumedAt(page)).toBe(0);
		await expect(page.getByRole('slider', { name: 'Position in the book' })).toHaveAttribute('aria-valuetext', `0 seconds of ${durationS} seconds`);
		await shot(page, 'start');
	});

	await test.step('play: the audio runs, and the lock screen knows the book', async () => {
		await page.getByRole('button', { name: 'Play' }).click();
		await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
		await expect.poll(() => audioTime(page), { timeout: 15_000 }).toBeGreaterThan(0.5);
		await expect.poll(() => transcriptAgrees(page)).toBe(true);
		const media = await page.evaluate(() => ({
			title: navigator.mediaSession.metadata?.title,
			artist: navigator.mediaSession.metadata?.artist,
			artwork: navigator.mediaSession.metadata?.artwork.map((a) => a.src)
		}));
		// The book has no picture, so its drawn cover is the artwork, in the three sizes the store serves.
		expect(media).toMatchObject({ title, artist: 'Ines Harrow' });
		expect(media.artwork).toHaveLength(3);
		media.artwork!.forEach((src, i) => expect(src).toMatch(new RegExp(`^${appUrl}/covers/[^/]+/[^/]+/${[160, 320, 640][i]}\\.webp$`)));
	});

	await test.step('speed 1.5× applies to the audio and is kept on the device', async () => {
		await page.getByLabel('Speed').selectOption('1.5');
		expect(await page.locator('audio').evaluate((a: HTMLAudioElement) => a.playbackRate)).toBe(1.5);
		expect(await page.evaluate(() => localStorage.getItem('earshelf:speed'))).toBe('1.5');
	});

	await test.step('forward 30 s and back 15 s move the playhead, and the transcript follows', async () => {
		const before = await audioTime(page);
		await page.getByRole('button', { name: 'Forward 30 seconds' }).click();
		const forward = await audioTime(page);
		// Playing at 1.5× while the click goes through adds up to a second or so.
		expect(forward - before).toBeGreaterThan(29.5);
		expect(forward - before).toBeLessThan(32.5);
		await page.getByRole('button', { name: 'Back 15 seconds' }).click();
		const back = await audioTime(page);
		expect(forward - back).toBeGreaterThan(13);
		expect(forward - back).toBeLessThan(15.1);
		await expect.poll(() => transcriptAgrees(page)).toBe(true);
	});

	await test.step('a click on a segment seeks there and marks it', async () => {
		const target = page.getByRole('button', { name: sentences[7]! });
		await target.click();
		await expect.poll(() => audioTime(page)).toBeGreaterThanOrEqual(7 * SEGMENT_SECONDS);
		expect(await audioTime(page)).toBeLessThan(7 * SEGMENT_SECONDS + 2);
		await expect(currentSegment(page)).toContainText(sentences[7]!);
		await expect(target).toHaveAttribute('aria-current', 'true');
		await expect(page.locator('button[aria-current="true"]')).toHaveCount(1);
	});

	await test.step('pause saves the place on the server', async () => {
		await page.getByRole('button', { name: 'Pause' }).click();
		const at = await audioTime(page);
		await expect.poll(async () => Math.abs((await serverPosition(page)).positionMs / 1000 - at)).toBeLessThan(0.01);
		await shot(page, 'paused');
		await shot(page, 'paused-transcript', { transcript: true });
	});

	await test.step('the progress bar works from the keyboard, and the transcript follows it', async () => {
		const slider = page.getByRole('slider', { name: 'Position in the book' });
		await slider.focus();
		await page.keyboard.press('End');
		await expect.poll(() => audioTime(page)).toBeGreaterThan(durationS - 1.5);
		await expect(currentSegment(page)).toContainText(sentences.at(-1)!);
		await page.keyboard.press('Home');
		await expect.poll(() => audioTime(page)).toBeLessThan(0.5);
		await expect(slider).toHaveAttribute('aria-valuetext', `0 seconds of ${durationS} seconds`);
		for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight'); // a second a press
		await expect.poll(() => audioTime(page)).toBeGreaterThan(11.5);
		await expect(currentSegment(page)).toContainText(sentences[2]!);
		await expect(slider).toHaveAttribute('aria-valuetext', `12 seconds of ${durationS} seconds`);
		await expect.poll(async () => (await serverPosition(page)).positionMs).toBe(12_000);
	});

	await test.step('search within the book: count, marks, next and previous', async () => {
		const search = page.getByRole('searchbox', { name: 'Search in this book' });
		// Matches count from the listener's place (segment 2, at 12 s): "the" is in segments 0–4, 6 and 9.
		await search.fill('THE');
		await expect(page.getByText('Match 3 of 7')).toBeVisible();
		expect(await page.getByRole('list', { name: 'Transcript segments' }).locator('mark').count()).toBe(
			sentences.join(' ').match(/the/gi)!.length
		);
		await page.getByRole('button', { name: 'Next match' }).click();
		await expect(page.getByText('Match 4 of 7')).toBeVisible();
		await search.press('Enter');
		await expect(page.getByText('Match 5 of 7')).toBeVisible();
		for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Previous match' }).click();
		await expect(page.getByText('Match 7 of 7')).toBeVisible(); // wrapped round
		// The active match is scrolled into the panel's view.
		const active = page.getByRole('button', { name: sentences[9]! });
		await expect(active).toHaveClass(/active-hit/);
		await expect(active).toBeInViewport();
		await shot(page, 'search', { transcript: true });
		await search.fill('zeppelin');
		await expect(page.getByText('No matches for “zeppelin”')).toBeVisible();
		await search.fill('');
	});

	await test.step('the panel follows playback, but leaves the listener alone for a few seconds after they scroll it', async () => {
		// A short screen, so that the ten segments do not all fit in the panel.
		await page.setViewportSize({ width: 412, height: 600 });
		const list = page.getByRole('list', { name: 'Transcript segments' });
		const scrollTop = () => list.evaluate((l) => l.scrollTop);
		await page.getByRole('button', { name: sentences[0]! }).click();
		await expect.poll(scrollTop).toBe(0);
		await page.getByRole('button', { name: 'Forward 30 seconds' }).click(); // segment 6
		await expect.poll(scrollTop).toBeGreaterThan(50);

		await list.hover();
		await page.mouse.wheel(0, -1000);
		await expect.poll(scrollTop).toBe(0);
		await page.getByRole('button', { name: 'Forward 30 seconds' }).click(); // the end: segment 9
		await expect(currentSegment(page)).toContainText(sentences[9]!);
		await page.waitForTimeout(500);
		expect(await scrollTop()).toBe(0);

		await page.waitForTimeout(5_000);
		await page.getByRole('button', { name: 'Back 15 seconds' }).click(); // segment 7: followed again
		await expect(currentSegment(page)).toContainText(sentences[7]!);
		await expect.poll(scrollTop).toBeGreaterThan(50);
		await page.setViewportSize(devices['Pixel 7'].viewport);
	});

	await test.step('a reload resumes near the saved place, at the kept speed', async () => {
		await page.getByRole('button', { name: sentences[5]! }).click(); // seeks to 25 s and saves
		await expect.poll(async () => (await serverPosition(page)).positionMs).toBe(25_000);
		await page.reload();
		expect(Math.abs((await resumedAt(page)) - 25)).toBeLessThan(1);
		await expect(page.getByLabel('Speed')).toHaveValue('1.5');
		await expect(currentSegment(page)).toContainText(sentences[5]!);
		// In the panel's view (the step above shows that the panel scrolls to follow).
		await expect.poll(() => segmentPlaceInPanel(page)).toBeGreaterThan(0);
		expect(await segmentPlaceInPanel(page)).toBeLessThan(0.8);
	});

	await test.step('at 360 px wide nothing overflows, and every control is at least 44 px', async () => {
		await page.setViewportSize({ width: 360, height: 740 });
		const player = page.getByRole('region', { name: 'Player' });
		for (const control of await player.locator('button, select, input').all()) {
			const box = (await control.boundingBox())!;
			// Rounded: the device pixel ratio leaves 43.99997 for 44 px.
			expect(Math.round(Math.min(box.width, box.height)), await control.evaluate((e) => e.outerHTML.slice(0, 80))).toBeGreaterThanOrEqual(44);
		}
		await shot(page, 'narrow');
		await shot(page, 'narrow-transcript', { transcript: true });
		await page.setViewportSize(devices['Pixel 7'].viewport);
	});

	await test.step('another phone signed in as the same buyer resumes there too', async () => {
		const other = await secondPhone(browser);
		await signIn(other);
		await other.goto(`${appUrl}/library/${bookId}`);
		expect(Math.abs((await resumedAt(other)) - 25)).toBeLessThan(1);
		await expect(currentSegment(other)).toContainText(sentences[5]!);
		// Its speed is its own: the first phone's choice stays on the first phone.
		await expect(other.getByLabel('Speed')).toHaveValue('1');

		// It moves back to 10 s; the first phone, paused, catches up when it is looked at again.
		await other.getByRole('button', { name: sentences[2]! }).click();
		await expect.poll(async () => (await serverPosition(other)).positionMs).toBe(10_000);
		await other.context().close();
		await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
		await expect.poll(() => audioTime(page)).toBe(10);
		await expect(currentSegment(page)).toContainText(sentences[2]!);
	});

	await test.step('offline, the place is kept on the phone and sent when the network is back', async () => {
		await page.context().setOffline(true);
		await page.getByRole('button', { name: sentences[8]! }).click();
		await expect(page.getByText(/Offline: your place is kept on this phone/)).toBeVisible();
		expect((await serverPosition(page)).positionMs).toBe(10_000);
		await page.context().setOffline(false);
		await expect.poll(async () => (await serverPosition(page)).positionMs).toBe(40_000);
		await expect(page.getByText(/Offline: your place is kept on this phone/)).toHaveCount(0);
	});
	expect(cspViolations, 'the listening page broke the Content-Security-Policy').toEqual([]);
});

test('signed out, the listening page asks to sign in; a non-owner is refused', async ({ page }) => {
	await page.goto(`${appUrl}/library/${bookId}`);
	await expect(page).toHaveURL(`${appUrl}/sign-in?next=${encodeURIComponent(`/library/${bookId}`)}`);

	await page.goto(`${appUrl}/sign-up`);
	await page.getByLabel('Name').fill('Not An Owner');
	await page.getByLabel('Email').fill(`stranger-${suffix}@example.com`);
	await page.getByLabel('Password').fill('stranger password 1');
	await page.getByRole('button', { name: 'Sign up' }).click();
	await expect(page).toHaveURL(`${appUrl}/account`);
	const res = await page.goto(`${appUrl}/library/${bookId}`);
	expect(res?.status()).toBe(403);
	await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
	expect((await page.goto(`${appUrl}/library/0190d2b4-0000-7000-8000-000000000000`))?.status()).toBe(404);
});

async function secondPhone(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ ...devices['Pixel 7'] });
	return context.newPage();
}
