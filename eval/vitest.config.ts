import { defineConfig } from 'vitest/config';

/** The eval's own checks (metrics, the passage set): `npx vitest run --config eval/vitest.config.ts`. */
export default defineConfig({
	test: { root: import.meta.dirname, include: ['**/*.spec.ts'], exclude: ['.cache/**'] }
});
