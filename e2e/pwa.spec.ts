/**
 * Installability on the production build, checked the way Chromium itself judges it (CDP, since
 * Lighthouse dropped its PWA audit): the manifest parses without errors and carries 192/512 icons, a
 * maskable icon and a phone screenshot; Chromium reports no installability errors; the service worker
 * activates and controls the page after a reload; and the Install button follows beforeinstallprompt
 * (pictured in e2e/screenshots/pwa-install-offer*.png).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const appUrl = process.env.E2E_APP_URL!;

/** What Chromium (CDP Page.getAppManifest) reports; its parsed icons carry no purpose, the raw text does. */
interface AppManifestResult {
	url: string;
	errors: { message: string; critical: number }[];
	data: string;
	manifest?: {
		icons?: { url: string; sizes?: string; type?: string }[];
		screenshots?: { image: { url: string; sizes?: string }; formFactor?: string }[];
	};
}

interface RawImage {
	src: string;
	sizes: string;
	type: string;
	purpose?: string;
	form_factor?: string;
}

test('the manifest parses cleanly with 192/512 icons, maskable icons and a phone screenshot', async ({ page, request }) => {
	await page.goto(appUrl);
	const cdp = await page.context().newCDPSession(page);
	const { url, errors, data, manifest } = (await cdp.send('Page.getAppManifest', {})) as AppManifestResult;
	expect(url).toBe(`${appUrl}/manifest.webmanifest`);
	expect(errors).toEqual([]);

	// Chromium's parsed manifest: 192 and 512 PNG icons, a narrow (phone) screenshot.
	const parsedIcons = manifest?.icons ?? [];
	for (const sizes of ['192x192', '512x512']) {
		expect(parsedIcons.some((i) => i.sizes === sizes && i.type === 'image/png'), `a ${sizes} PNG icon`).toBe(true);
	}
	expect(manifest?.screenshots?.some((s) => s.formFactor === 'kNarrow')).toBe(true);

	// The manifest as served: separate "any" and "maskable" icons at both sizes.
	const raw = JSON.parse(data) as { icons: RawImage[]; screenshots: RawImage[] };
	for (const sizes of ['192x192', '512x512']) {
		for (const purpose of ['any', 'maskable']) {
			expect(raw.icons.some((i) => i.sizes === sizes && i.type === 'image/png' && i.purpose === purpose), `${sizes} ${purpose}`).toBe(true);
		}
	}
	// Every PNG it names is served, at the size it claims.
	for (const image of [...raw.icons, ...raw.screenshots].filter((i) => i.type === 'image/png')) {
		const res = await request.get(new URL(image.src, appUrl).href);
		expect(res.status(), image.src).toBe(200);
		const png = await res.body();
		expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, image.src).toBe(image.sizes);
	}

});

test('Chromium reports no installability errors', async ({ playwright }, testInfo) => {
	// Playwright's usual contexts are incognito, where Chromium refuses installs ("in-incognito"), so
	// this one runs in a throw-away profile with the project's phone and browser settings.
	const { launchOptions, viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = testInfo.project.use;
	const profile = mkdtempSync(path.join(tmpdir(), 'earshelf-e2e-profile-'));
	const context = await playwright.chromium.launchPersistentContext(profile, {
		...launchOptions,
		viewport,
		userAgent,
		deviceScaleFactor,
		isMobile,
		hasTouch
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(appUrl);
		await page.evaluate(() => navigator.serviceWorker.ready);
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
			installabilityErrors: { errorId: string; errorArguments: unknown[] }[];
		};
		expect(installabilityErrors).toEqual([]);
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
	}
});

test('the service worker activates and controls the page after a reload', async ({ page }) => {
	await page.goto(appUrl);
	// `ready` resolves while the worker is still activating; its shell precache can take a moment.
	await page.evaluate(() => navigator.serviceWorker.ready);
	await expect
		.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state))
		.toBe('activated');
	await page.reload();
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toBe(`${appUrl}/service-worker.js`);
	// The app shell now comes from the worker's cache.
	const shellResponse = page.waitForResponse((r) => r.url().includes('/_app/immutable/'));
	await page.reload();
	expect((await shellResponse).fromServiceWorker()).toBe(true);
});

test('beforeinstallprompt shows Install; one click prompts once and hides it; appinstalled hides it too', async ({ page }) => {
	await page.goto(appUrl);
	const install = page.getByRole('button', { name: 'Install', exact: true });
	// The layout's listeners are attached once it has hydrated, by which time it has registered the worker.
	await page.evaluate(() => navigator.serviceWorker.ready);

	const fireInstallPrompt = () =>
		page.evaluate(() => {
			const w = window as unknown as { promptCalls: number };
			w.promptCalls = 0;
			const event = new Event('beforeinstallprompt', { cancelable: true }) as Event & { prompt(): Promise<{ outcome: string }> };
			event.prompt = () => {
				w.promptCalls += 1;
				return Promise.resolve({ outcome: 'accepted' });
			};
			window.dispatchEvent(event);
			return event.defaultPrevented;
		});

	expect(await fireInstallPrompt(), 'the app keeps the event instead of letting Chromium show its infobar').toBe(true);
	await expect(install).toBeVisible();
	// For a look at the offer on a phone (e2e/screenshots is not committed).
	await page.screenshot({ path: path.join(import.meta.dirname, 'screenshots/pwa-install-offer.png') });
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.screenshot({ path: path.join(import.meta.dirname, 'screenshots/pwa-install-offer-dark.png') });
	await page.emulateMedia({ colorScheme: 'light' });
	await install.click();
	await expect(install).toBeHidden();
	expect(await page.evaluate(() => (window as unknown as { promptCalls: number }).promptCalls)).toBe(1);

	await fireInstallPrompt();
	await expect(install).toBeVisible();
	await page.evaluate(() => window.dispatchEvent(new Event('appinstalled')));
	await expect(install).toBeHidden();
	expect(await page.evaluate(() => (window as unknown as { promptCalls: number }).promptCalls)).toBe(0);
});
