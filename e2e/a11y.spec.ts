/**
 * Accessibility of every main page, in light and dark, English and Thai: axe-core finds no serious or
 * critical violation, nothing scrolls sideways on a phone, and each view is saved as
 * .test/screenshots/<page>-<locale>-<scheme>.png for a person to look at. A keyboard user tabbing
 * through the header and a form sees where the focus is on every stop.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { admin, appUrl, publishBook, setLocaleCookie, signIn, signUp, uniqueEmail, type PublishedBook } from './helpers';

const screenshots = path.join(import.meta.dirname, '..', '.test', 'screenshots');
const LOCALES = ['en', 'th'] as const;
const SCHEMES = ['light', 'dark'] as const;
type Role = 'visitor' | 'buyer' | 'admin';

let book: PublishedBook;
/** The buyer's one owned book: the library and its listening page. */
let owned: PublishedBook;
let orderPath = '';
/** Signed-in browser state per role, made once: sign-ups and sign-ins are rate limited. */
const states: Partial<Record<Role, Awaited<ReturnType<BrowserContext['storageState']>>>> = {};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
	mkdirSync(screenshots, { recursive: true });
	book = await publishBook(
		`The Long Monsoon Road, a Family Chronicle in Nine Parts ${Date.now().toString(36)}`,
		'ฤดูมรสุมมาถึงหมู่บ้านพร้อมกับข่าวจากเมืองหลวง ครอบครัวหนึ่งต้องตัดสินใจว่าจะอยู่หรือจะไป'
	);
	const bought = await publishBook(`Rice and Rain ${Date.now().toString(36)}`, 'A year on a farm in Isan.');
	owned = bought;
	const buyer = await browser.newContext();
	const page = await buyer.newPage();
	await signUp(page, uniqueEmail('a11y-buyer'), 'สมหญิง ใจดี');
	// One book bought (for the order page), another left in the cart.
	for (const { id } of [bought, book]) {
		await page.goto(`${appUrl}/books/${id}`);
		await page.locator('form[action="?/add"] button').click();
		await expect(page.locator('a[href="/cart"].button')).toBeVisible();
		if (id !== bought.id) break;
		await page.goto(`${appUrl}/cart`);
		await page.locator('form[action="?/checkout"] button').click();
		await expect(page).toHaveURL(/\/orders\/[\w-]+$/);
		orderPath = new URL(page.url()).pathname;
	}
	states.buyer = await buyer.storageState();
	await buyer.close();
	const adminContext = await browser.newContext();
	const adminPage = await adminContext.newPage();
	await signIn(adminPage, admin);
	states.admin = await adminContext.storageState();
	await adminContext.close();
});

async function open(browser: Browser, role: Role, locale: 'en' | 'th', colorScheme: 'light' | 'dark') {
	const context = await browser.newContext({ colorScheme, storageState: states[role as 'buyer' | 'admin'] });
	await setLocaleCookie(context, locale);
	return context;
}

/**
 * How to tell a page has settled: after the network has been quiet, or, on a page with the player, once
 * the audio has its metadata (a media element may hold its ranged request open, so the network never
 * goes quiet there).
 */
type Settled = 'network' | 'player';

const PAGES: Array<{ name: string; role: Role; path: () => string; settled?: Settled }> = [
	{ name: 'store', role: 'visitor', path: () => '/' },
	{ name: 'search', role: 'visitor', path: () => '/?q=Monsoon' },
	{ name: 'book', role: 'visitor', path: () => `/books/${book.id}` },
	{ name: 'sign-in', role: 'visitor', path: () => '/sign-in' },
	{ name: 'sign-up', role: 'visitor', path: () => '/sign-up' },
	{ name: 'forgot-password', role: 'visitor', path: () => '/forgot-password' },
	{ name: 'reset-password', role: 'visitor', path: () => '/reset-password?token=from-the-mail' },
	{ name: 'not-found', role: 'visitor', path: () => '/no-such-page' },
	{ name: 'cart', role: 'buyer', path: () => '/cart' },
	{ name: 'order', role: 'buyer', path: () => orderPath },
	{ name: 'account', role: 'buyer', path: () => '/account' },
	{ name: 'admin', role: 'admin', path: () => '/admin' },
	{ name: 'admin-categories', role: 'admin', path: () => '/admin/categories' },
	{ name: 'library', role: 'buyer', path: () => '/library' },
	{ name: 'listen', role: 'buyer', path: () => `/library/${owned.id}`, settled: 'player' },
	{ name: 'admin-books', role: 'admin', path: () => '/admin/books' },
	{ name: 'admin-new-book', role: 'admin', path: () => '/admin/books/new' },
	{ name: 'admin-book', role: 'admin', path: () => `/admin/books/${book.id}` }
];

async function seriousViolations(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const { name, role, path: pathOf, settled = 'network' } of PAGES) {
	test(`${name}: no serious axe violations, no sideways scroll, light and dark, English and Thai`, async ({ browser }) => {
		for (const locale of LOCALES) {
			for (const scheme of SCHEMES) {
				await test.step(`${locale} ${scheme}`, async () => {
					const context = await open(browser, role, locale, scheme);
					const page = await context.newPage();
					await page.goto(`${appUrl}${pathOf()}`);
					if (settled === 'player') {
						await expect.poll(() => page.locator('audio').evaluate((a: HTMLAudioElement) => a.readyState)).toBeGreaterThanOrEqual(1);
					} else {
						await page.waitForLoadState('networkidle');
					}
					expect(await page.locator('html').getAttribute('lang')).toBe(locale);
					const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
					expect(width.scroll, `${name} ${locale} ${scheme} is wider than the phone`).toBeLessThanOrEqual(width.client);
					await page.screenshot({ path: path.join(screenshots, `${name}-${locale}-${scheme}.png`), fullPage: true });
					expect(await seriousViolations(page), `${name} ${locale} ${scheme}`).toEqual([]);
					await context.close();
				});
			}
		}
	});
}

/** The focused element shows an outline or a ring, and is on screen (not a clipped sr-only box). */
async function focusIndicator(page: Page) {
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		if (!el || el === document.body) return null;
		const style = getComputedStyle(el);
		const rect = el.getBoundingClientRect();
		return {
			what: `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('name') || '').trim().slice(0, 30)}"`,
			outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
			ring: style.boxShadow !== 'none',
			visible: rect.width > 4 && rect.height > 4 && rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth
		};
	});
}

for (const scheme of SCHEMES) {
	test(`keyboard (${scheme}): every stop in the header and the sign-in form shows its focus`, async ({ browser }) => {
		const context = await browser.newContext({ colorScheme: scheme, hasTouch: false, isMobile: false, viewport: { width: 412, height: 915 } });
		const page = await context.newPage();
		await page.goto(`${appUrl}/sign-in`);
		await page.waitForLoadState('networkidle');
		const stops: string[] = [];
		for (let i = 0; i < 12; i++) {
			await page.keyboard.press('Tab');
			const focus = await focusIndicator(page);
			expect(focus, `Tab ${i + 1} left the page`).not.toBeNull();
			expect(focus!.outline || focus!.ring, `${focus!.what} has no visible focus indicator`).toBe(true);
			expect(focus!.visible, `${focus!.what} is focused but not on screen`).toBe(true);
			stops.push(focus!.what);
			if (focus!.what.startsWith('button') && /Sign in/.test(focus!.what)) break;
		}
		// The walk went through the skip link, the header, both fields and reached the submit button.
		expect(stops[0]).toMatch(/Skip to content/);
		expect(stops.some((s) => s.includes('Earshelf'))).toBe(true);
		expect(stops.some((s) => s.includes('"email"'))).toBe(true);
		expect(stops.some((s) => s.includes('"password"'))).toBe(true);
		expect(stops.at(-1)).toMatch(/^button "Sign in"/);
		await context.close();
	});
}
