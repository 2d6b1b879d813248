// `npm audit` of the production dependencies for scripts/test.sh: fails on a high or critical
// advisory; when the advisory endpoint cannot be reached (offline, a registry mirror without the audit
// API) it says so and passes, since that says nothing about the dependencies.
// `node scripts/audit.mjs --from report.json` judges a saved `npm audit --json` report instead.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function auditReport() {
	const from = process.argv.indexOf('--from');
	if (from > 0) return readFileSync(process.argv[from + 1], 'utf8');
	try {
		return execFileSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 120_000 });
	} catch (e) {
		return e.stdout ?? ''; // npm audit exits 1 when it finds anything, and on endpoint errors
	}
}

let report;
try {
	report = JSON.parse(auditReport());
} catch {
	report = null;
}
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
	const why = report?.message ?? report?.error?.summary ?? 'no report';
	console.log(`npm audit: NOT CHECKED, the advisory endpoint did not answer (${why}). Run it where the registry's audit API is reachable.`);
	process.exit(0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
const summary = Object.entries(counts).filter(([k, n]) => k !== 'total' && n > 0).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
if (serious === 0) {
	console.log(`npm audit: no high or critical advisories in production dependencies (found: ${summary}).`);
	process.exit(0);
}
for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
	if (v.severity === 'high' || v.severity === 'critical') {
		const fix = v.fixAvailable ? 'fix available: npm audit fix' : 'no fix yet';
		console.log(`  ${v.severity.padEnd(8)} ${name} ${v.range} (${fix})`);
	}
}
console.log(`npm audit: ${serious} high or critical advisories in production dependencies (${summary}).`);
process.exit(1);
