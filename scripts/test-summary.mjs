// Adds up the vitest and Playwright JSON reports into one closing line: "tests: N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const read = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);

for (const [name, file] of [
	['vitest (app)', '.test/vitest-results.json'],
	['vitest (inference)', '.test/inference-vitest.json'],
	['vitest (eval)', '.test/eval-vitest.json']
]) {
	const vitest = read(file);
	if (!vitest) {
		console.log(`${name}: no report (did it run?)`);
		failed += 1;
		continue;
	}
	passed += vitest.numPassedTests;
	failed += vitest.numFailedTests;
	skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
	if (!vitest.success && vitest.numFailedTests === 0) failed += 1; // a suite that failed to load
}
const pw = read('.test/playwright-results.json');
if (pw) {
	passed += pw.stats.expected + pw.stats.flaky;
	failed += pw.stats.unexpected;
	skipped += pw.stats.skipped;
	if (pw.errors?.length) failed += pw.errors.length;
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
