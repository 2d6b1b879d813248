import { defineConfig, devices } from '@playwright/test';

/**
 * Journeys in e2e/ against the production build (build/, from `npx vite build`), in Debian's Chromium on
 * a phone-sized screen. e2e/global-setup.ts starts the app with SQLite, the SMTP sink and the local
 * OpenID provider standing in for Google.
 */
export default defineConfig({
	testDir: 'e2e',
	globalSetup: './e2e/global-setup.ts',
	workers: 1,
	fullyParallel: false,
	forbidOnly: Boolean(process.env.CI),
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list'], ['json', { outputFile: '.test/playwright-results.json' }]],
	outputDir: '.test/playwright-output',
	use: {
		...devices['Pixel 7'],
		browserName: 'chromium',
		// The local OpenID provider serves a self-signed certificate.
		ignoreHTTPSErrors: true,
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	}
});
