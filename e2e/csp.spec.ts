/**
 * The page CSP (kit.csp in svelte.config.js, completed in hooks.server.ts) lets the app work: the kit's
 * inline scripts carry a nonce, and visiting the public pages and the admin pages raises no CSP
 * violation in Chromium (neither a securitypolicyviolation event nor a console report), including the
 * new-book form's ffmpeg.wasm probe. That one needs no 'wasm-unsafe-eval' in the page policy: the wasm
 * is compiled in a worker, whose policy comes from the worker script's own response (a static file,
 * sent without a CSP), so the page CSP stays as strict as on every other page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const appUrl = process.env.E2E_APP_URL!;

/** Records every CSP violation of the page, from the page itself and from Chromium's console. */
async function watchViolations(page: Page): Promise<string[]> {
	const seen: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
	});
	await page.exposeFunction('__cspViolation', (text: string) => seen.push(text));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			(window as unknown as { __cspViolation(t: string): void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
		});
	});
	return seen;
}

test('the CSP header: nonces for inline scripts, no framing, sign-in provider allowed as form target', async ({ request }) => {
	const res = await request.get(`${appUrl}/sign-in`);
	const csp = res.headers()['content-security-policy'] ?? '';
	expect(csp).toMatch(/script-src 'self' 'nonce-[\w+/=-]+'/);
	expect(csp).toContain("frame-ancestors 'none'");
	expect(csp).toContain("object-src 'none'");
	expect(csp).toContain(`form-action 'self' ${new URL(process.env.E2E_OIDC_ISSUER!).origin}`);
	// ORIGIN is http in the tests: no HSTS.
	expect(res.headers()['strict-transport-security']).toBeUndefined();
});

test('public and admin pages run without a CSP violation', async ({ page }) => {
	const violations = await watchViolations(page);
	for (const path of ['/', '/sign-up', '/forgot-password', '/sign-in']) {
		await page.goto(appUrl + path);
		await page.waitForLoadState('networkidle');
	}
	await page.getByLabel('Email').fill(process.env.E2E_ADMIN_EMAIL!);
	await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD!);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await page.waitForURL((url) => url.pathname !== '/sign-in');
	for (const path of ['/admin/books', '/admin/categories', '/library', '/account']) {
		await page.goto(appUrl + path);
		await page.waitForLoadState('networkidle');
	}
	expect(violations).toEqual([]);
});

test('the new-book form probes a file with ffmpeg.wasm without a CSP violation, under the same page CSP', async ({ page, request }) => {
	const violations = await watchViolations(page);
	const mp3 = path.join(mkdtempSync(path.join(tmpdir(), 'earshelf-csp-')), 'tone.mp3');
	execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', '-b:a', '64k', mp3]);
	await page.goto(`${appUrl}/sign-in`);
	await page.getByLabel('Email').fill(process.env.E2E_ADMIN_EMAIL!);
	await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD!);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await page.waitForURL((url) => url.pathname !== '/sign-in');
	const res = await page.goto(`${appUrl}/admin/books/new`);
	const csp = (await res!.allHeaders())['content-security-policy'] ?? '';
	const withoutNonce = (policy: string) => policy.replace(/'nonce-[^']+'/g, '');
	expect(csp).not.toContain('unsafe-eval');
	expect(withoutNonce(csp)).toBe(withoutNonce((await request.get(`${appUrl}/sign-up`)).headers()['content-security-policy'] ?? ''));
	await page.getByLabel(/^Audio file/).setInputFiles(mp3);
	await expect(page.locator('dl[aria-label="Picked file"]')).toContainText('Duration0 min 3 s', { timeout: 30_000 });
	expect(violations).toEqual([]);
});
