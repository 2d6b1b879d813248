/**
 * Auth bench: how close the production app comes to the work it cannot avoid.
 *  - sign-in: POST /api/v1/auth/sign-in per second vs bcrypt.compare per second at the same cost, the
 *    same concurrency and the same UV_THREADPOOL_SIZE (bcrypt's async API runs on libuv's pool), so
 *    the ratio is what HTTP, validation, the database and token minting take from bcrypt's share.
 *  - me: GET /api/v1/auth/me with a Bearer token vs GET /api/v1/health on the same server, so the
 *    ratio is the cost of verifying the token and looking up the session.
 * Under the table: CPU per operation of the app and of the baseline's worker (from /proc), and the
 * ratio CPU alone would allow, which other work on a shared machine does not skew as it skews rates.
 * Knobs (environment): BCRYPT_COST (11), UV_THREADPOOL_SIZE (4), BENCH_SIGNIN_CONCURRENCY (the pool
 * size), BENCH_CONNECTIONS (10, for me/health), BENCH_SECONDS (5 per me/health round),
 * BENCH_SIGNIN_SECONDS (8 per sign-in round), BENCH_ROUNDS (3),
 * TEST_DB=mysql to run the app on MariaDB (scripts/mariadb.sh), BENCH_CPU_PROF=dir to profile the app.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startBenchApp } from './lib/app';
import type { BcryptRun, BcryptRunResult } from './lib/bcrypt-worker';
import { httpRate } from './lib/http';
import { interleave, type Measured } from './lib/interleave';
import { cpuBusyBeforeBench } from './lib/machine';
import { passes, printTable, writeResults } from './lib/report';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const cost = env('BCRYPT_COST', 11);
const threads = env('UV_THREADPOOL_SIZE', 4);
const signInConcurrency = env('BENCH_SIGNIN_CONCURRENCY', threads);
const connections = env('BENCH_CONNECTIONS', 10);
const seconds = env('BENCH_SECONDS', 5);
// Sign-ins come a few per second, so their rounds are longer to count enough of them.
const signInSeconds = env('BENCH_SIGNIN_SECONDS', 8);
const rounds = env('BENCH_ROUNDS', 3);
const warmupSeconds = 2;
const cpuProfDir = process.env.BENCH_CPU_PROF;
const cpuBusyAtStart = await cpuBusyBeforeBench();

const app = await startBenchApp(
	{
		BCRYPT_COST: String(cost),
		UV_THREADPOOL_SIZE: String(threads),
		// One client signs in over and over: the abuse limits would rightly stop it after a few tries.
		RATE_LIMIT_IP_POINTS: '1000000',
		RATE_LIMIT_ACCOUNT_POINTS: '1000000'
	},
	cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProfDir)}`] : []
);
const worker = fork(path.join(import.meta.dirname, 'lib/bcrypt-worker.ts'), {
	execArgv: ['--import', 'tsx'],
	env: { ...process.env, BCRYPT_COST: String(cost), UV_THREADPOOL_SIZE: String(threads) }
});

function bcryptRate(run: BcryptRun): Promise<Measured> {
	return new Promise((resolve, reject) => {
		const died = (code: number | null) => reject(new Error(`bcrypt worker exited with ${code}`));
		worker.once('exit', died);
		worker.once('message', (r: BcryptRunResult) => {
			worker.off('exit', died);
			resolve({ count: r.completed, seconds: r.seconds, cpu: r.cpu });
		});
		worker.send(run);
	});
}

try {
	const credentials = { email: 'bench@earshelf.test', password: 'correct horse battery staple' };
	const signUp = await fetch(`${app.url}/api/v1/auth/sign-up`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ ...credentials, name: 'Bench' })
	});
	if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
	const { accessToken } = (await signUp.json()) as { accessToken: string };

	const signIn = (s: number) =>
		httpRate({
			app,
			path: '/api/v1/auth/sign-in',
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(credentials),
			connections: signInConcurrency,
			seconds: s
		});
	const bcrypt = (s: number) => bcryptRate({ seconds: s, concurrency: signInConcurrency });
	const me = (s: number) =>
		httpRate({
			app,
			path: '/api/v1/auth/me',
			headers: { authorization: `Bearer ${accessToken}` },
			connections,
			seconds: s
		});
	const health = (s: number) => httpRate({ app, path: '/api/v1/health', connections, seconds: s });

	console.log(
		`auth bench: bcrypt cost ${cost}, UV_THREADPOOL_SIZE ${threads}, sign-in concurrency ${signInConcurrency}, ` +
			`${connections} connections for me/health; ${rounds} rounds of ${signInSeconds} s (sign-in) and ${seconds} s ` +
			`(me/health) each side; ${os.cpus().length} CPUs, ${(cpuBusyAtStart * 100).toFixed(0)}% busy before the start`
	);
	console.log(`  warming up (${warmupSeconds} s each)…`);
	for (const warm of [signIn, bcrypt, health, me]) await warm(warmupSeconds);

	const rows = [
		await interleave({
			name: 'sign-in vs bcrypt.compare',
			unit: '/s',
			goal: 0.85,
			rounds,
			subject: () => signIn(signInSeconds),
			baseline: () => bcrypt(signInSeconds)
		}),
		await interleave({
			name: 'GET /auth/me vs GET /health',
			unit: 'req/s',
			goal: 0.8,
			rounds,
			subject: () => me(seconds),
			baseline: () => health(seconds)
		})
	];
	printTable('Auth bench (ratio = subject / baseline, same run, same machine)', rows);
	const file = writeResults('auth', rows, {
		bcryptCost: cost,
		uvThreadpoolSize: threads,
		signInConcurrency,
		connections,
		secondsPerSignInRound: signInSeconds,
		secondsPerRound: seconds,
		rounds,
		database: app.databaseUrl.split(':')[0],
		cpuBusyAtStart
	});
	console.log(`results written to ${path.relative(process.cwd(), file)}`);
	if (process.env.BENCH_STRICT === '1' && !rows.every(passes)) process.exitCode = 1;
} finally {
	worker.disconnect();
	await app.stop();
}
