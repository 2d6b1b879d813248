/**
 * English and Thai through one switcher: a reader on an English browser switches to Thai in the
 * footer, sees the store, a book, the sign-in page, the cart and a form error in Thai with
 * <html lang="th"> and unchanged URLs, and switches back; then buys the book in Thai and finds the
 * library, the player and the offline notice in Thai too. A Thai browser gets Thai without choosing,
 * and the cookie outranks the browser's language.
 */
import { expect, test, type Page } from '@playwright/test';
import { appUrl, publishBook, setLocaleCookie, signUp, uniqueEmail, type PublishedBook } from './helpers';

let book: PublishedBook;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	book = await publishBook(`นิทานริมฝั่งโขง ${Date.now().toString(36)}`, 'เรื่องเล่าของหมู่บ้านริมแม่น้ำโขงในฤดูน้ำหลาก');
});

const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');

/** Waits until the page's scripts run, so a text that hydration would change has changed. */
async function hydrated(page: Page) {
	await page.waitForLoadState('networkidle');
}

test('a reader switches the whole store to Thai and back, on the same URLs', async ({ page }) => {
	await test.step('English by default on an English browser', async () => {
		await page.goto(appUrl);
		expect(await htmlLang(page)).toBe('en');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audiobooks that go where you go');
	});

	await test.step('the footer switcher turns the store Thai without changing the URL', async () => {
		await page.getByRole('button', { name: 'ไทย' }).click();
		await expect(page).toHaveURL(`${appUrl}/`);
		await hydrated(page);
		expect(await htmlLang(page)).toBe('th');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('หนังสือเสียงที่ไปกับคุณได้ทุกที่');
		await expect(page.getByRole('link', { name: 'ร้านค้า' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'ไทย' })).toHaveAttribute('aria-pressed', 'true');
		await expect(page.getByRole('button', { name: 'ค้นหา' })).toBeVisible();
	});

	await test.step('the book page: Thai labels, Thai baht, Thai durations', async () => {
		await page.getByRole('link', { name: book.title }).click();
		await expect(page).toHaveURL(`${appUrl}/books/${book.id}`);
		await hydrated(page);
		expect(await htmlLang(page)).toBe('th');
		await expect(page.getByRole('heading', { name: 'ทดลองฟังฟรี' })).toBeVisible();
		await expect(page.getByText('ฟังนาทีแรกได้ฟรีก่อนตัดสินใจซื้อ')).toBeVisible();
		await expect(page.getByText('อ่านโดย Ploy Chaiya')).toBeVisible();
		await expect(page.getByText('1 นาที 30 วินาที')).toBeVisible();
		await expect(page.getByText('฿249.50')).toBeVisible();
		await expect(page.getByRole('button', { name: 'ใส่ตะกร้า' })).toBeVisible();
	});

	await test.step('sign-in in Thai, with its error message in Thai', async () => {
		await page.getByRole('link', { name: 'เข้าสู่ระบบ' }).click();
		await expect(page).toHaveURL(`${appUrl}/sign-in`);
		expect(await htmlLang(page)).toBe('th');
		await expect(page.getByRole('heading', { name: 'เข้าสู่ระบบ' })).toBeVisible();
		await page.getByLabel('อีเมล').fill('nobody-here@example.com');
		await page.getByLabel('รหัสผ่าน').fill('not the password');
		await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
		await expect(page.getByRole('alert')).toHaveText('อีเมลหรือรหัสผ่านไม่ถูกต้อง');
	});

	await test.step('sign up, add the book, and the cart is Thai', async () => {
		await signUp(page, uniqueEmail('thai-reader'));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('บัญชีของคุณ');
		await page.goto(`${appUrl}/books/${book.id}`);
		await page.getByRole('button', { name: 'ใส่ตะกร้า' }).click();
		await page.getByRole('link', { name: /อยู่ในตะกร้าแล้ว/ }).click();
		await expect(page).toHaveURL(`${appUrl}/cart`);
		await hydrated(page);
		expect(await htmlLang(page)).toBe('th');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('ตะกร้าของคุณ');
		await expect(page.getByText('ยอดรวม', { exact: true })).toBeVisible();
		await expect(page.getByRole('button', { name: 'ซื้อเลย' })).toBeVisible();
		await expect(page.getByLabel('1 รายการในตะกร้า')).toBeVisible();
	});

	await test.step('back to English from the same switcher', async () => {
		await page.getByRole('button', { name: 'English' }).click();
		await expect(page).toHaveURL(`${appUrl}/cart`);
		await hydrated(page);
		expect(await htmlLang(page)).toBe('en');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your cart');
		await expect(page.getByText('THB 249.50').first()).toBeVisible();
		await expect(page.getByRole('button', { name: 'Buy now' })).toBeVisible();
	});

	await test.step('the library and the player in Thai, and the offline notice', async () => {
		await setLocaleCookie(page.context(), 'th');
		await page.goto(`${appUrl}/cart`);
		await page.getByRole('button', { name: 'ซื้อเลย' }).click();
		await expect(page).toHaveURL(/\/orders\/[\w-]+$/);
		await page.goto(`${appUrl}/library`);
		await hydrated(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('คลังหนังสือของคุณ');
		await expect(page.getByRole('button', { name: `ดาวน์โหลด ${book.title} ไว้ฟังออฟไลน์` })).toBeVisible();
		await page.getByRole('link', { name: `ฟัง ${book.title}` }).click();
		await expect(page).toHaveURL(`${appUrl}/library/${book.id}`);
		await hydrated(page);
		await expect(page.getByRole('link', { name: '← คลังหนังสือ' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'เล่น' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'ย้อนกลับ 15 วินาที' })).toBeVisible();
		await expect(page.getByLabel('ความเร็ว')).toBeVisible();
		await expect(page.getByRole('slider', { name: 'ตำแหน่งในหนังสือ' })).toHaveAttribute('aria-valuetext', /^0 วินาที จาก 1 นาที (29|30) วินาที$/);
		await page.context().setOffline(true);
		await expect(page.getByRole('status').filter({ hasText: 'คุณออฟไลน์อยู่ หนังสือที่ดาวน์โหลดไว้ยังฟังได้' })).toBeVisible();
		await page.context().setOffline(false);
	});
});

test('a Thai browser gets Thai unasked; the cookie outranks it', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'th-TH' });
	const page = await context.newPage();
	await page.goto(appUrl);
	await hydrated(page);
	expect(await htmlLang(page)).toBe('th');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('หนังสือเสียงที่ไปกับคุณได้ทุกที่');
	// A client-side navigation renders in the browser, whose runtime must pick Thai from navigator.languages too.
	await page.getByRole('link', { name: 'เข้าสู่ระบบ' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('เข้าสู่ระบบ');
	await page.getByRole('link', { name: 'ร้านค้า' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('หนังสือเสียงที่ไปกับคุณได้ทุกที่');

	await setLocaleCookie(context, 'en');
	await page.reload();
	await hydrated(page);
	expect(await htmlLang(page)).toBe('en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audiobooks that go where you go');
	await context.close();
});

test('the switcher goes back only to a path on this site, and refuses unknown languages', async ({ request }) => {
	const post = (form: Record<string, string>) =>
		request.post(`${appUrl}/language`, { form, headers: { origin: appUrl }, maxRedirects: 0 });
	const home = await post({ locale: 'th', back: '/cart?x=1' });
	expect(home.status()).toBe(303);
	expect(home.headers()['location']).toBe('/cart?x=1');
	expect(home.headers()['set-cookie']).toMatch(/^earshelf-locale=th;/);
	for (const back of ['//evil.example/', 'https://evil.example/']) {
		expect((await post({ locale: 'en', back })).headers()['location']).toBe('/');
	}
	expect((await post({ locale: 'de', back: '/' })).status()).toBe(400);
});
