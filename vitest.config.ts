import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/**
 * Three projects:
 *  - unit: src/**\/*.spec.ts, fast, SQLite in memory or temp files where a database is needed;
 *  - sqlite and mysql: the integration suites (src/**\/*.int.spec.ts and tests/**\/*.spec.ts) against
 *    the production build, once per database. MariaDB must be running (scripts/mariadb.sh).
 */
const integration = ['src/**/*.int.spec.ts', 'tests/**/*.spec.ts'];

export default defineConfig({
	plugins: [paraglideVitePlugin({ project: './project.inlang' }), sveltekit()],
	test: {
		globalSetup: ['tests/global-setup.ts'],
		testTimeout: 60_000,
		hookTimeout: 60_000,
		pool: 'forks',
		reporters: ['default', ['json', { outputFile: '.test/vitest-results.json' }]],
		projects: [
			{ extends: true, test: { name: 'unit', include: ['src/**/*.spec.ts'], exclude: integration } },
			{ extends: true, test: { name: 'sqlite', include: integration, env: { TEST_DB: 'sqlite' } } },
			{ extends: true, test: { name: 'mysql', include: integration, env: { TEST_DB: 'mysql' } } }
		]
	}
});
