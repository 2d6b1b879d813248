// Adds up the vitest and Playwright JSON reports into one closing line: "tests: N passed, N failed",
// preceded by the name and first message line of every failed test, so that the tail of a CI log says
// which test failed and not only how many did.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const read = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
const firstLine = (text) =>
	String(text ?? '')
		.replace(/\u001b\[[0-9;]*m/g, '')
		.split('\n')
		.map((line) => line.trim())
		.find((line) => line.length > 0)
		?.slice(0, 300) ?? '';

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
	for (const suite of vitest.testResults ?? []) {
		const where = relative(process.cwd(), suite.name ?? '');
		const failedTests = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
		for (const test of failedTests) {
			failures.push(`${name} ${where} › ${test.fullName}\n      ${firstLine(test.failureMessages?.[0])}`);
		}
		if (suite.status === 'failed' && failedTests.length === 0) {
			failures.push(`${name} ${where} (the file failed to run)\n      ${firstLine(suite.message)}`);
		}
	}
}

const pw = read('.test/playwright-results.json');
if (pw) {
	passed += pw.stats.expected + pw.stats.flaky;
	failed += pw.stats.unexpected;
	skipped += pw.stats.skipped;
	if (pw.errors?.length) failed += pw.errors.length;
	for (const error of pw.errors ?? []) failures.push(`playwright (outside a test)\n      ${firstLine(error.message)}`);
	const walk = (suite, titles) => {
		for (const spec of suite.specs ?? []) {
			for (const test of spec.tests ?? []) {
				if (test.status !== 'unexpected') continue;
				const last = test.results?.at(-1);
				failures.push(
					`playwright ${spec.file}:${spec.line} › ${[...titles, spec.title].join(' › ')}\n      ${firstLine(last?.error?.message)}`
				);
			}
		}
		for (const child of suite.suites ?? []) walk(child, suite.title && !suite.file ? [...titles, suite.title] : titles);
	};
	for (const suite of pw.suites ?? []) walk(suite, []);
}

if (failures.length > 0) {
	console.log('Failed:');
	for (const failure of failures) console.log(`  ✗ ${failure}`);
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
