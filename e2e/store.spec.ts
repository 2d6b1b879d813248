/**
 * The store journeys on a phone. The first admin (printed by the app, handed over by global-setup)
 * uploads a real mp3 made with ffmpeg through Admin → New book, watches the progress bar reach 100 %
 * and publishes the book; a text file named .mp3 is refused by the browser's probe and makes no book. Then a buyer
 * signs up, finds the book by category and by a word of its title, plays the preview, buys it, sees the
 * order, and in the library plays it, seeks to 60 s and checks the download link. Every page visited is
 * saved under e2e/screenshots/store-*.png; the store, book, cart, library and admin pages also in dark mode.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';

const appUrl = process.env.E2E_APP_URL!;
const admin = { email: process.env.E2E_ADMIN_EMAIL!, password: process.env.E2E_ADMIN_PASSWORD! };

const screenshots = path.join(import.meta.dirname, 'screenshots');
let shots = 0;
/**
 * Saves the whole page as e2e/screenshots/store-NN-name.png in the order visited (`dark` adds
 * NN-name-dark.png), after checking that nothing makes a phone scroll sideways.
 */
async function shot(page: Page, name: string, opts: { dark?: boolean } = {}) {
	shots += 1;
	const base = path.join(screenshots, `store-${String(shots).padStart(2, '0')}-${name}`);
	const { scrollWidth, clientWidth } = await page.evaluate(() => {
		window.scrollTo(0, 0); // else the sticky header is drawn mid-page in a full-page screenshot
		return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth };
	});
	expect(scrollWidth, `${name}: the page is wider than the phone's screen`).toBeLessThanOrEqual(clientWidth);
	await page.screenshot({ path: `${base}.png`, fullPage: true });
	if (opts.dark) {
		await page.emulateMedia({ colorScheme: 'dark' });
		await page.screenshot({ path: `${base}-dark.png`, fullPage: true });
		await page.emulateMedia({ colorScheme: 'light' });
	}
}

// One book for both journeys (they run in order, in one worker); the suffix keeps reruns apart.
const suffix = Date.now().toString(36);
const book = {
	title: `The Lighthouse Keeper ${suffix}`,
	searchWord: 'Lighthouse',
	author: 'Mara Quill',
	price: '249.50',
	priceText: 'THB 249.50',
	category: { name: 'Science Fiction', slug: 'science-fiction' },
	otherCategory: 'Mystery & Thriller'
};
let bookId = '';

const audioDir = mkdtempSync(path.join(tmpdir(), 'earshelf-e2e-audio-'));
const audioFile = path.join(audioDir, 'lighthouse-keeper.mp3');
const notAudioFile = path.join(audioDir, 'notes.mp3');

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
	// Numbers shift when steps change: drop the last run's pictures so that none is left over.
	mkdirSync(screenshots, { recursive: true });
	for (const f of readdirSync(screenshots)) if (/^store-.*\.png$/.test(f)) rmSync(path.join(screenshots, f));
	// 90 s so that the library can seek to 60 s; 64 kb/s mono is about 720 KB.
	execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=90', '-b:a', '64k', '-ac', '1', audioFile]);
	writeFileSync(notAudioFile, 'Meeting notes, not audio.\n'.repeat(40));
});

async function signInAsAdmin(page: Page) {
	await page.goto(appUrl);
	await page.getByRole('link', { name: 'Sign in' }).click();
	await page.getByLabel('Email').fill(admin.email);
	await page.getByLabel('Password').fill(admin.password);
	await shot(page, 'admin-sign-in');
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page).toHaveURL(`${appUrl}/account`);
}

/** Fills the New book form; `categories` are ticked by their names. */
async function fillNewBook(page: Page, fields: { title: string; author: string; price: string; categories: string[]; file: string }) {
	await page.getByLabel('Title').fill(fields.title);
	await page.getByLabel('Author').fill(fields.author);
	await page.getByLabel('Price').fill(fields.price);
	const categories = page.getByRole('group', { name: 'Categories' });
	for (const name of fields.categories) await categories.getByLabel(name, { exact: true }).check();
	await page.getByLabel(/^Audio file/).setInputFiles(fields.file);
}

/** Starts `audio` (as its play button would) and waits until its playhead moves past `past` seconds. */
async function playUntilItAdvances(audio: Locator, past = 0.5) {
	await audio.evaluate((el: HTMLAudioElement) => el.play());
	await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 15_000 }).toBeGreaterThan(past);
}

test('admin uploads a book with a progress bar, publishes it, and a text file posing as mp3 is refused', async ({ page }) => {
	expect(admin.email, 'e2e/global-setup.ts did not hand over the first admin').toBeTruthy();

	await test.step('sign in as the first admin and open Admin → New book', async () => {
		await signInAsAdmin(page);
		await page.getByRole('link', { name: 'Admin' }).click();
		await expect(page.getByRole('heading', { name: 'Store admin' })).toBeVisible();
		await shot(page, 'admin-home', { dark: true });
		await page.getByRole('link', { name: 'New book' }).click();
		await expect(page.getByRole('heading', { name: 'New book' })).toBeVisible();
		await shot(page, 'admin-new-book', { dark: true });
	});

	await test.step('upload: the progress bar moves to 100 % and the book page opens', async () => {
		await fillNewBook(page, { ...book, categories: [book.category.name, 'Fantasy'], file: audioFile });
		await shot(page, 'admin-new-book-filled');

		// A slow uplink (about 2 s for the file) so the bar is seen moving; every value it shows is recorded.
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 400 * 1024 });
		await page.evaluate(() => {
			const seen: number[] = [];
			(window as unknown as { progressSeen: number[] }).progressSeen = seen;
			const timer = setInterval(() => {
				const bar = document.querySelector('form progress') as HTMLProgressElement | null;
				if (bar) seen.push(bar.value);
				if (location.pathname !== '/admin/books/new') clearInterval(timer);
			}, 10);
		});
		await page.getByRole('button', { name: 'Upload book' }).click();
		const status = page.getByRole('status').filter({ has: page.locator('progress') });
		await expect(status).toContainText(/[1-9]\d?% · [\d.]+ of 0\.7 MB/);
		await expect(page.getByRole('button', { name: 'Upload book' })).toBeDisabled();
		await shot(page, 'admin-uploading');

		await expect(page).toHaveURL(/\/admin\/books\/[0-9a-f-]{36}$/, { timeout: 30_000 });
		await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
		const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
		expect(Math.max(...seen), `progress values seen: ${seen.join(',')}`).toBe(100);
		expect(seen.some((v) => v > 0 && v < 100), `progress values seen: ${seen.join(',')}`).toBe(true);

		bookId = page.url().split('/').at(-1)!;
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(book.title);
		await expect(page.getByText('draft', { exact: true })).toBeVisible();
		await expect(page.getByText(/mp3, 1 min 30 s/)).toBeVisible();
		await shot(page, 'admin-book-draft', { dark: true });
	});

	await test.step('publish', async () => {
		await page.getByRole('button', { name: 'Publish', exact: true }).click();
		await expect(page.getByRole('button', { name: 'Unpublish' })).toBeVisible();
		await expect(page.getByText('published', { exact: true })).toBeVisible();
		await shot(page, 'admin-book-published');
	});

	await test.step('a text file named .mp3 is refused with a message, and makes no book', async () => {
		const fakeTitle = `Not Really Audio ${suffix}`;
		await page.goto(`${appUrl}/admin/books/new`);
		await fillNewBook(page, { title: fakeTitle, author: 'Nobody', price: '10', categories: [], file: notAudioFile });
		// The browser's probe refuses it before anything is sent (the server's own check is in tests/store).
		await expect(page.getByRole('alert')).toContainText('This is not an audio file in a format we accept', { timeout: 30_000 });
		await expect(page.getByRole('button', { name: 'Upload book' })).toBeDisabled();
		await expect(page).toHaveURL(`${appUrl}/admin/books/new`);
		await shot(page, 'admin-upload-refused');

		await page.getByRole('link', { name: 'Admin' }).click();
		await page.getByRole('link', { name: 'Books', exact: true }).click();
		await expect(page.getByRole('heading', { name: /^Books/ })).toBeVisible();
		await expect(page.getByRole('link', { name: book.title })).toBeVisible();
		await expect(page.getByText(fakeTitle)).toHaveCount(0);
		await shot(page, 'admin-books', { dark: true });
	});
});

test('buyer signs up, finds the book, previews, buys, and listens in the library', async ({ page }) => {
	expect(bookId, 'the admin journey did not publish a book').toBeTruthy();
	const email = `buyer-${suffix}@example.com`;

	await test.step('sign up', async () => {
		await page.goto(appUrl);
		await page.getByRole('link', { name: 'Create your account' }).click();
		await page.getByLabel('Name').fill('Ari Buyer');
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill('buyer password 1');
		await shot(page, 'sign-up-filled');
		await page.getByRole('button', { name: 'Sign up' }).click();
		await expect(page).toHaveURL(`${appUrl}/account`);
		await shot(page, 'account');
	});

	const bookLink = page.getByRole('link', { name: book.title });
	await test.step('the store shows the published book', async () => {
		await page.getByRole('link', { name: 'Store' }).click();
		await expect(bookLink).toBeVisible();
		await expect(page.getByRole('listitem').filter({ has: bookLink })).toContainText(book.priceText);
		await shot(page, 'store', { dark: true });
	});

	await test.step('filter by its category chip', async () => {
		const chips = page.getByRole('navigation', { name: 'Categories' });
		await chips.getByRole('link', { name: book.otherCategory }).click();
		await expect(page).toHaveURL(/[?&]category=/);
		await expect(bookLink).toHaveCount(0);
		// The chosen chip moves to the front, and the row scrolls back so that it shows.
		await expect(chips.getByRole('link').nth(1)).toHaveText(book.otherCategory);
		await expect(chips.getByRole('link', { name: book.otherCategory })).toBeInViewport({ ratio: 1 });
		await shot(page, 'store-other-category');
		// Chips add up ("any of them"): back to All, then only the book's category.
		await chips.getByRole('link', { name: 'All' }).click();
		await chips.getByRole('link', { name: book.category.name }).click();
		await expect(page).toHaveURL(`${appUrl}/?category=${book.category.slug}`);
		await expect(chips.getByRole('link', { name: book.category.name })).toHaveAttribute('aria-current', 'true');
		await expect(chips.getByRole('link', { name: book.category.name })).toBeInViewport({ ratio: 1 });
		await expect(bookLink).toBeVisible();
		await shot(page, 'store-category');
	});

	await test.step('search by a word of its title', async () => {
		await page.getByRole('searchbox').fill(book.searchWord.toLowerCase());
		await page.getByRole('button', { name: 'Search' }).click();
		await expect(page).toHaveURL(new RegExp(`[?&]q=${book.searchWord.toLowerCase()}`));
		await expect(bookLink).toBeVisible();
		await shot(page, 'store-search');
		await page.getByRole('searchbox').fill('zeppelin');
		await page.getByRole('button', { name: 'Search' }).click();
		await expect(page).toHaveURL(/[?&]q=zeppelin/);
		await expect(bookLink).toHaveCount(0);
		await page.getByRole('searchbox').fill(book.searchWord);
		await page.getByRole('button', { name: 'Search' }).click();
	});

	await test.step('open the book page and play the preview', async () => {
		await bookLink.click();
		await expect(page).toHaveURL(`${appUrl}/books/${bookId}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(book.title);
		await expect(page.getByText(book.priceText)).toBeVisible();
		await expect(page.getByText('Listen to the first minute before you buy.')).toBeVisible();
		await shot(page, 'book', { dark: true });
		const preview = page.locator('.preview audio');
		await playUntilItAdvances(preview);
		await preview.evaluate((el: HTMLAudioElement) => el.pause());
		// The preview is the first PREVIEW_SECONDS (60 s) of the 90 s book: about two thirds of its bytes.
		const previewBytes = (await (await page.request.get(`${appUrl}/api/v1/catalog/books/${bookId}/preview`)).body()).length;
		expect(previewBytes / statSync(audioFile).size).toBeCloseTo(60 / 90, 2);
		await shot(page, 'book-preview-played');
	});

	await test.step('add to cart; the cart shows the price and the total', async () => {
		await page.getByRole('button', { name: 'Add to cart' }).click();
		await expect(page.getByRole('link', { name: /In your cart/ })).toBeVisible();
		await expect(page.getByLabel('1 in cart')).toBeVisible();
		await shot(page, 'book-in-cart');
		await page.getByRole('link', { name: /In your cart/ }).click();
		await expect(page).toHaveURL(`${appUrl}/cart`);
		const line = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: book.title }) });
		await expect(line).toContainText(book.priceText);
		await expect(page.getByText('Total', { exact: true }).locator('..')).toContainText(book.priceText);
		await shot(page, 'cart', { dark: true });
	});

	await test.step('checkout; the confirmation shows the order and the price', async () => {
		await page.getByRole('button', { name: 'Buy now' }).click();
		await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
		await expect(page.getByRole('heading', { name: 'Order confirmed' })).toBeVisible();
		await expect(page.getByRole('listitem').filter({ hasText: book.title })).toContainText(book.priceText);
		await expect(page.getByRole('listitem').filter({ hasText: 'Total paid' })).toContainText(book.priceText);
		await expect(page.getByLabel(/in cart/)).toHaveCount(0);
		await shot(page, 'order-confirmed');
	});

	await test.step('the library lists the book; its Listen button opens the player, which plays and seeks to 60 s', async () => {
		await page.getByRole('link', { name: 'Go to your library' }).click();
		await expect(page).toHaveURL(`${appUrl}/library`);
		const entry = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: book.title }) });
		await expect(entry).toBeVisible();
		await shot(page, 'library', { dark: true });

		await entry.getByRole('link', { name: `Listen to ${book.title}` }).click();
		await expect(page).toHaveURL(`${appUrl}/library/${bookId}`);
		const audio = page.locator('audio');
		await playUntilItAdvances(audio, 0.2);
		const afterSeek = await audio.evaluate(
			(el: HTMLAudioElement) =>
				new Promise<{ time: number; readyState: number; duration: number }>((resolve) => {
					el.addEventListener('seeked', () => resolve({ time: el.currentTime, readyState: el.readyState, duration: el.duration }), { once: true });
					el.currentTime = 60;
				})
		);
		expect(afterSeek.duration).toBeCloseTo(90, 0);
		expect(Math.abs(afterSeek.time - 60)).toBeLessThan(1);
		await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.readyState)).toBeGreaterThanOrEqual(2);
		await audio.evaluate((el: HTMLAudioElement) => el.pause());
		await shot(page, 'library-seeked');
		await page.getByRole('link', { name: '← Library' }).click();
		await expect(page).toHaveURL(`${appUrl}/library`);
	});

	await test.step('the download link answers with an attachment, and Range works', async () => {
		const link = page.getByRole('link', { name: 'Download' });
		const href = await link.getAttribute('href');
		expect(href).toBe(`/api/v1/library/${bookId}/audio?download=1`);
		const download = await page.request.get(`${appUrl}${href}`);
		expect(download.status()).toBe(200);
		expect(download.headers()['content-disposition']).toMatch(/^attachment;/);
		expect(download.headers()['content-type']).toMatch(/^audio\//);

		const ranged = await page.request.get(`${appUrl}/api/v1/library/${bookId}/audio`, { headers: { range: 'bytes=1000-1999' } });
		expect(ranged.status()).toBe(206);
		expect(ranged.headers()['content-range']).toMatch(/^bytes 1000-1999\/\d+$/);
		expect((await ranged.body()).length).toBe(1000);
	});
});
