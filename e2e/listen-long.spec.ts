/**
 * A book with thousands of transcript segments (a long book's worth, over the short speech book's
 * audio): the listening page renders them once, quickly, and playback changes only the marked segment.
 * On the same page, the sleep timer under a fake clock: it waits while paused, fades, then pauses.
 */
import { expect, test } from '@playwright/test';
import { appUrl, audioTime, durationS, publishSpeechBook, sentences, signInAsAdmin, transcribe } from './listen-book';

// Playwright's trace snapshots serialise the whole DOM at every step: with thousands of segments the
// snapshots, not the page, take minutes (profiled: its visitNode, not the app's code).
test.use({ trace: 'off' });

const LONG_SEGMENTS = 4000;
let longBookId = '';

test.beforeAll(async ({ playwright }) => {
	longBookId = await publishSpeechBook(playwright.request, `The Long Night Ferry ${Date.now().toString(36)}`);
	const step = (durationS * 1000) / LONG_SEGMENTS;
	const long = Array.from({ length: LONG_SEGMENTS }, (_, i) => ({
		start: (i * step) / 1000,
		end: ((i + 1) * step) / 1000,
		text: `Line ${i + 1} of the long night, ${sentences[i % sentences.length]}`
	}));
	await transcribe(longBookId, long, 200);
});

test('thousands of segments: the panel renders once, and playback touches only the marked segment', async ({ page }) => {
	await signInAsAdmin(page); // an admin may listen to any book

	// Plain CSS from here on: Playwright's role queries would compute the names of thousands of
	// buttons on every try, and measure themselves instead of the page.
	const started = Date.now();
	await page.goto(`${appUrl}/library/${longBookId}`);
	await page.waitForFunction((n) => document.querySelectorAll('ol.segments > li > button').length === n, LONG_SEGMENTS);
	const readyMs = Date.now() - started;
	console.log(`${LONG_SEGMENTS} segments: page and panel ready in ${readyMs} ms`);
	expect(readyMs).toBeLessThan(10_000);

	// Segments change about every 12 ms here: the marked one changes with every timeupdate.
	await page.evaluate(() => {
		const w = window as unknown as { mutations: number };
		w.mutations = 0;
		new MutationObserver((records) => (w.mutations += records.length)).observe(document.querySelector('ol.segments')!, {
			subtree: true,
			childList: true,
			attributes: true,
			characterData: true
		});
	});
	await page.locator('button[aria-label="Play"]').click();
	await expect.poll(() => audioTime(page), { timeout: 15_000 }).toBeGreaterThan(3);
	await page.locator('button[aria-label="Pause"]').click();
	const marked = Number(await page.locator('ol.segments button[aria-current="true"]').getAttribute('data-i'));
	expect(marked).toBe(Math.floor(((await audioTime(page)) * 1000) / ((durationS * 1000) / LONG_SEGMENTS)));
	// About 4 timeupdates a second for 3 s, each moving aria-current (two attributes) and the tab stop
	// (two more): well under two hundred records, where re-rendering the list would make thousands.
	const mutations = await page.evaluate(() => (window as unknown as { mutations: number }).mutations);
	expect(mutations).toBeGreaterThan(4);
	expect(mutations).toBeLessThan(200);
});

test('the sleep timer counts listening time, fades out at the end and pauses the book', async ({ page }) => {
	// A fake clock for the page's timers; the audio itself plays in real time.
	await page.clock.install();
	await signInAsAdmin(page);
	await page.goto(`${appUrl}/library/${longBookId}`);
	await page.getByLabel('Sleep timer').selectOption('15');
	await expect(page.getByRole('status').filter({ hasText: 'Stops in 15:00 of listening.' })).toBeVisible();

	// Paused, the timer stands still.
	await page.clock.runFor(60_000);
	await expect(page.getByText('Stops in 15:00 of listening.')).toBeVisible();

	await page.locator('button[aria-label="Play"]').click();
	await expect.poll(() => audioTime(page), { timeout: 15_000 }).toBeGreaterThan(0.2);
	// Jumps of 30 s fire the timer's tick once each (it counts each gap up to a minute as listening),
	// instead of running 3,600 ticks: the book (50 s of real audio) must still be playing at the end.
	for (let jumped = 0; jumped < 15 * 60_000 - 30_000; jumped += 30_000) await page.clock.fastForward(30_000);
	await page.clock.runFor(25_000);
	await expect(page.getByText(/Stops in 0:0[45] of listening\./)).toBeVisible();
	const volume = await page.locator('audio').evaluate((a: HTMLAudioElement) => a.volume);
	expect(volume).toBeGreaterThan(0);
	expect(volume).toBeLessThan(0.5); // fading

	await page.clock.runFor(6_000);
	await expect(page.locator('button[aria-label="Play"]')).toBeVisible();
	expect(await page.locator('audio').evaluate((a: HTMLAudioElement) => ({ paused: a.paused, volume: a.volume }))).toEqual({ paused: true, volume: 1 });
	await expect(page.getByLabel('Sleep timer')).toHaveValue('off');
	await expect(page.getByText(/Stops in/)).toHaveCount(0);
});
