/**
 * What the i18n and accessibility journeys share: a published book made through the admin API (no
 * pipeline or page clicks needed), a buyer signed up through the page, and the language cookie.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type BrowserContext, type Page } from '@playwright/test';

export const appUrl = process.env.E2E_APP_URL!;
export const admin = { email: process.env.E2E_ADMIN_EMAIL!, password: process.env.E2E_ADMIN_PASSWORD! };
/** The switcher's cookie (project.inlang/paraglide.config.js). */
export const LOCALE_COOKIE = 'earshelf-locale';

export interface PublishedBook {
	id: string;
	title: string;
}

async function adminToken(): Promise<string> {
	const res = await fetch(`${appUrl}/api/v1/auth/sign-in`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(admin)
	});
	expect(res.status, await res.clone().text()).toBe(200);
	return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A 90 s book with a Thai-friendly long title and a description, published at once. */
export async function publishBook(title: string, description: string): Promise<PublishedBook> {
	const dir = mkdtempSync(path.join(tmpdir(), 'earshelf-e2e-i18n-'));
	const file = path.join(dir, 'book.mp3');
	execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=90', '-b:a', '64k', '-ac', '1', file]);
	const token = await adminToken();
	const form = new FormData();
	form.set('uploadId', randomUUID());
	form.set('title', title);
	form.set('author', 'Nok Srisuk');
	form.set('narrator', 'Ploy Chaiya');
	form.set('description', description);
	form.set('priceMinor', '24950');
	form.set('currency', 'THB');
	form.append('categories', 'science-fiction');
	form.set('audio', new Blob([readFileSync(file)], { type: 'audio/mpeg' }), 'book.mp3');
	// The kit refuses multipart posts from another origin; a script has none unless it says so.
	const auth = { authorization: `Bearer ${token}`, origin: appUrl };
	const created = await fetch(`${appUrl}/api/v1/admin/books`, { method: 'POST', headers: auth, body: form });
	expect(created.status, await created.clone().text()).toBe(201);
	const { book } = (await created.json()) as { book: PublishedBook };
	// Its description and categories are the test's: the real pipeline must not rewrite them.
	const cancelled = await fetch(`${appUrl}/api/v1/admin/books/${book.id}/pipeline/cancel`, { method: 'POST', headers: auth });
	expect(cancelled.status, await cancelled.clone().text()).toBe(200);
	const published = await fetch(`${appUrl}/api/v1/admin/books/${book.id}/publish`, { method: 'POST', headers: auth });
	expect(published.status, await published.clone().text()).toBe(200);
	return { id: book.id, title };
}

/** Sign-up through the page, whatever its language: fields are found by name, not by label. */
export async function signUp(page: Page, email: string, name = 'Malee Test'): Promise<void> {
	await page.goto(`${appUrl}/sign-up`);
	await page.locator('input[name=name]').fill(name);
	await page.locator('input[name=email]').fill(email);
	await page.locator('input[name=password]').fill('correct horse battery');
	await page.locator('form.stack button').click();
	await expect(page).toHaveURL(`${appUrl}/account`);
}

export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
	await page.goto(`${appUrl}/sign-in`);
	await page.locator('input[name=email]').fill(who.email);
	await page.locator('input[name=password]').fill(who.password);
	await page.locator('form.stack button').click();
	await expect(page).toHaveURL(`${appUrl}/account`);
}

export async function setLocaleCookie(context: BrowserContext, locale: 'en' | 'th'): Promise<void> {
	await context.addCookies([{ name: LOCALE_COOKIE, value: locale, url: appUrl }]);
}

export const uniqueEmail = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
