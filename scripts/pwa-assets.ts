// `npx tsx scripts/pwa-assets.ts [icons] [screenshots]` (both when none is named): the install assets in
// static/, made with Debian's Chromium so that no image tool is needed.
//  - icons: static/icons/mark.svg (the artwork, light on transparent) is set on the brand's navy as
//    static/favicon.svg (rounded square) and rendered to icon-192/512.png (purpose "any", transparent
//    corners) and maskable-192/512.png (opaque, the artwork shrunk into the central 80% circle).
//  - screenshots: starts the production build (run `npx vite build` first) on a fresh SQLite database,
//    seeds demo books, and saves the store page on a 540×960 phone at 2x as store-narrow.png (1080×1920).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startTestApp } from '../tests/helpers/app';

const root = path.resolve(import.meta.dirname, '..');
const icons = path.join(root, 'static/icons');
const NAVY = '#1d3557';

const mark = readFileSync(path.join(icons, 'mark.svg'), 'utf8')
	.replace(/<!--[\s\S]*?-->/g, '')
	.replace(/^[\s\S]*?<svg[^>]*>|<\/svg>\s*$/g, '')
	.replace(/\n\s*\n/g, '\n')
	.trim();

/** The mark on navy: `rounded` for the "any" icon, full-bleed with the artwork at `scale` for maskable. */
function composed(kind: 'any' | 'maskable') {
	const ground = kind === 'any' ? `<rect width="512" height="512" rx="112" fill="${NAVY}"/>` : `<rect width="512" height="512" fill="${NAVY}"/>`;
	// Android crops maskable icons to as little as the central 80% circle (radius 204.8); at 0.8 the
	// artwork's farthest corner sits about 170 px from the centre.
	const art = kind === 'any' ? mark : `<g transform="translate(256 256) scale(0.8) translate(-256 -256)">${mark}</g>`;
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">${ground}${art}</svg>\n`;
}

async function renderIcons() {
	writeFileSync(path.join(root, 'static/favicon.svg'), composed('any'));
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
	try {
		for (const kind of ['any', 'maskable'] as const) {
			for (const size of [192, 512]) {
				const page = await browser.newPage({ viewport: { width: size, height: size } });
				await page.setContent(
					`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${composed(kind)}`
				);
				const file = path.join(icons, `${kind === 'any' ? 'icon' : 'maskable'}-${size}.png`);
				await page.screenshot({ path: file, omitBackground: kind === 'any' });
				await page.close();
				console.log(path.relative(root, file));
			}
		}
	} finally {
		await browser.close();
	}
}

async function takeScreenshots() {
	process.env.TEST_DB = 'sqlite';
	// Nothing is mailed while the store page is shown; the address only satisfies the configuration.
	const smtp = { SMTP_URL: 'smtp://127.0.0.1:2525' };
	const app = await startTestApp(smtp);
	try {
		execFileSync('npx', ['tsx', 'scripts/seed-demo.ts', '24'], {
			cwd: root,
			stdio: 'inherit',
			env: { ...process.env, ...smtp, DATABASE_URL: app.databaseUrl, DATA_DIR: app.dataDir }
		});
		const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
		try {
			const page = await browser.newPage({ viewport: { width: 540, height: 960 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
			await page.goto(app.url, { waitUntil: 'networkidle' });
			const file = path.join(root, 'static/screenshots/store-narrow.png');
			await page.screenshot({ path: file });
			console.log(path.relative(root, file));
		} finally {
			await browser.close();
		}
	} finally {
		await app.stop();
	}
}

const wanted = process.argv.slice(2);
if (wanted.length === 0 || wanted.includes('icons')) await renderIcons();
if (wanted.length === 0 || wanted.includes('screenshots')) await takeScreenshots();
