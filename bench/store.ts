/**
 * Store bench: the app against the work it cannot avoid, on the S3 driver (versitygw on loopback).
 *  - upload: a generated ~1 GB WAV through POST /api/v1/admin/books (multipart, streamed into S3,
 *    then probed by ffprobe) vs @aws-sdk/lib-storage's Upload of the same file to the same server
 *    with the app's part size and queue size; the peak growth of each side's resident set
 *    (VmRSS, sampled every 20 ms) is printed under the table.
 *  - catalog: GET /api/v1/catalog/books over 10,000 published books (seeded with
 *    scripts/seed-demo.ts) vs the two repository calls the route makes, looped in-process.
 *  - filters: a category page and two search pages (a word in about one title in sixteen of the seed's,
 *    and two such words) of GET /api/v1/catalog/books vs the unfiltered list, both over HTTP: what a
 *    filter costs on top of the list (issue 14's goal: each at least 0.8 of it, at 10,000 and 100,000).
 *  - checkout: POST /api/v1/checkout, each by a new buyer with a one-book cart prepared beforehand,
 *    vs one raw Kysely transaction with the same writes (order, order line, ownership, cart update).
 * Baselines run in bench/lib/store-worker.ts, a process of its own, so CPU per operation is read for
 * both sides alike. The file is generated once into BENCH_CACHE_DIR (~/.cache/earshelf-bench).
 * Knobs (environment): BENCH_UPLOAD_ROUNDS (2), BENCH_ROUNDS (3, catalog and checkout),
 * BENCH_SECONDS (5 per catalog round; checkout rounds are sized from the warm-up to last about as
 * long), BENCH_CONNECTIONS (10), BENCH_SEED_BOOKS (10000), BENCH_UPLOAD_MB (1000),
 * TEST_DB=mysql to run on MariaDB (scripts/mariadb.sh), BENCH_CPU_PROF=dir to profile the app, BENCH_NODE_ARGS
 * (space-separated V8 flags for the app),
 * BENCH_STORE_PARTS=catalog,checkout to run only some of upload, catalog, filters and checkout (one profile each).
 */
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { s3AppEnv, startS3Server } from '../tests/services/s3-server';
import { startBenchApp, type BenchApp } from './lib/app';
import { httpRate } from './lib/http';
import { processCpuSeconds } from './lib/machine';
import { interleave, type Measured } from './lib/interleave';
import { cpuBusyBeforeBench } from './lib/machine';
import { passes, printTable, writeResults, type Ratio } from './lib/report';
import { PART_SIZE, QUEUE_SIZE } from '../src/lib/server/storage/s3.driver';
import type { PreparedCart, StoreAnswer, StoreRun } from './lib/store-worker';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const uploadRounds = env('BENCH_UPLOAD_ROUNDS', 2);
const rounds = env('BENCH_ROUNDS', 3);
const seconds = env('BENCH_SECONDS', 5);
const connections = env('BENCH_CONNECTIONS', 10);
const seedBooks = env('BENCH_SEED_BOOKS', 10_000);
const uploadMb = env('BENCH_UPLOAD_MB', 1000);
const parts = new Set((process.env.BENCH_STORE_PARTS ?? 'upload,catalog,filters,checkout').split(',').map((p) => p.trim()));
const cacheDir = process.env.BENCH_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'earshelf-bench');
const MB = 1e6;
const MiB = 1024 * 1024;
const repoRoot = path.resolve(import.meta.dirname, '..');

const cpuBusyAtStart = await cpuBusyBeforeBench();
const audioFile = parts.has('upload') ? generatedWav(uploadMb) : null;
const s3 = await startS3Server();
const s3Env = s3AppEnv(s3);
let app: BenchApp | undefined;
let worker: ReturnType<typeof fork> | undefined;
const s3Client = new S3Client({
	endpoint: s3.endpoint,
	region: s3.region,
	forcePathStyle: true,
	credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
});

try {
	// No pipeline: uploaded books would start transcription, whose CPU would land in every round.
	const cpuProfDir = process.env.BENCH_CPU_PROF;
	// BENCH_NODE_ARGS: V8 flags for the app (space-separated), to try one before it goes into server.js's start.
	const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
	app = await startBenchApp(
		{ ...s3Env, PIPELINE_RUNNER: 'off' },
		[...nodeArgs, ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProfDir)}`] : [])]
	);
	seedCatalog(app.databaseUrl, seedBooks);
	worker = fork(path.join(import.meta.dirname, 'lib/store-worker.ts'), {
		execArgv: ['--import', 'tsx'],
		env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: app.databaseUrl, NODE_NO_WARNINGS: '1', ...s3Env }
	});
	const ask = askWorker(worker);
	const subjectApp = app;
	const [admin] = await prepareCarts(ask, 1, 'admin');

	const fileMb = audioFile ? statSync(audioFile).size / MB : 0;
	console.log(
		`store bench: ${fileMb.toFixed(0)} MB upload × ${uploadRounds} rounds each side; ${seedBooks} published books, ` +
			`${connections} connections, ${rounds} rounds of about ${seconds} s each side (catalog, checkout); ` +
			`${app.databaseUrl.split(':')[0]}; ${os.cpus().length} CPUs, ${(cpuBusyAtStart * 100).toFixed(0)}% busy before the start`
	);

	// Upload --------------------------------------------------------------------------------------
	const growth = { subject: 0, baseline: 0 };
	const uploadSubject = async (): Promise<Measured> => {
		const cpuBefore = subjectApp.cpuSeconds();
		const started = performance.now();
		const { result, growth: grew } = await peakRssGrowth(subjectApp.pid, () => postBook(subjectApp, admin!.token, audioFile!));
		const took = (performance.now() - started) / 1000;
		const cpuAfter = subjectApp.cpuSeconds();
		if (result.status !== 201) throw new Error(`the upload answered ${result.status}: ${result.body}`);
		growth.subject = Math.max(growth.subject, grew);
		// Through the admin API, so the book's preview file goes with its audio and the bucket stays small.
		const bookId = (JSON.parse(result.body) as { book: { id: string } }).book.id;
		const removed = await fetch(`${subjectApp.url}/api/v1/admin/books/${bookId}`, {
			method: 'DELETE',
			headers: { origin: subjectApp.url, cookie: `earshelf_session=${admin!.token}` }
		});
		if (removed.status !== 204) throw new Error(`deleting the uploaded book answered ${removed.status}`);
		return { count: fileMb, seconds: took, cpu: { main: cpuAfter.main - cpuBefore.main, total: cpuAfter.total - cpuBefore.total } };
	};
	const uploadBaseline = async (): Promise<Measured> => {
		const key = `bench/raw-${randomUUID()}`;
		const { result, growth: grew } = await peakRssGrowth(worker!.pid!, () => measure(ask({ kind: 'upload', file: audioFile!, key })));
		growth.baseline = Math.max(growth.baseline, grew);
		await deleteObject(key);
		return result;
	};

	// Catalog -------------------------------------------------------------------------------------
	const catalogSubject = (s: number) => httpRate({ app: subjectApp, path: '/api/v1/catalog/books', connections, seconds: s });
	const catalogBaseline = (s: number) => measure(ask({ kind: 'catalog', seconds: s, concurrency: connections }));
	// The HTTP floor: the same queries behind a bare node:http server in the worker process.
	const floorUrl = await ask({ kind: 'serve-catalog' }).then((a) => ('url' in a ? a.url : Promise.reject(new Error('no floor server'))));
	const floorTarget = { url: floorUrl, cpuSeconds: () => processCpuSeconds(worker!.pid!), status: () => 'the bare node:http server' };
	const catalogFloor = (s: number) => httpRate({ app: floorTarget, path: '/', connections, seconds: s });

	// Filters: the same route with a category or a search vs without, both over HTTP --------------
	const listPage = (query: string) => (s: number) =>
		httpRate({ app: subjectApp, path: `/api/v1/catalog/books${query}`, connections, seconds: s });
	const FILTERS = [
		{ key: 'category', query: '?category=fantasy', name: 'a category page' },
		{ key: 'word', query: '?q=harbour', name: 'a search for a word' },
		{ key: 'words', query: '?q=silent+harbour', name: 'a search for two words' }
	];
	/** One row per filter: its page against the unfiltered list, in the same run (goal 0.8 each). */
	const filterRows = () =>
		Object.fromEntries(
			FILTERS.map((f) => [
				`filter-${f.key}`,
				{ name: `catalog: ${f.name} vs the unfiltered list`, unit: 'req/s', goal: 0.8, rounds, subject: () => listPage(f.query)(seconds), baseline: () => listPage('')(seconds) }
			])
		);

	// Checkout ------------------------------------------------------------------------------------
	// Spares: autocannon sets up the next request of each connection before it knows it is done.
	const checkoutOver = async (target: typeof floorTarget, count: number, forFloor = false): Promise<Measured> => {
		const carts = await prepareCarts(ask, count + 2 * connections, undefined, forFloor);
		let next = 0;
		return httpRate({
			app: target,
			path: forFloor ? '/' : '/api/v1/checkout',
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: target.url },
			connections,
			seconds: 60,
			amount: count,
			setupRequest(request) {
				const cart = carts[Math.min(next++, carts.length - 1)]!;
				return {
					...request,
					headers: { ...request.headers, ...(forFloor ? {} : { cookie: `earshelf_session=${cart.token}` }) },
					body: JSON.stringify({ cartId: cart.cartId })
				};
			}
		});
	};
	const checkoutSubject = (count: number) => checkoutOver(subjectApp, count);
	// The HTTP floor: the raw transaction behind a bare node:http server in the worker process.
	const checkoutFloorUrl = await ask({ kind: 'serve-checkout' }).then((a) => ('url' in a ? a.url : Promise.reject(new Error('no floor server'))));
	const checkoutFloor = (count: number) => checkoutOver({ ...floorTarget, url: checkoutFloorUrl }, count, true);
	const checkoutBaseline = (count: number) => measure(ask({ kind: 'checkout', count, concurrency: connections }));

	console.log('  warming up…');
	if (parts.has('catalog')) {
		await catalogSubject(2);
		await catalogBaseline(2);
	}
	if (parts.has('filters')) for (const query of ['', ...FILTERS.map((f) => f.query)]) await listPage(query)(2);
	let subjectCheckouts = 0;
	let baselineCheckouts = 0;
	if (parts.has('checkout')) {
		// Fixed counts per round (each needs its carts prepared first), sized to last about `seconds`.
		// The first few thousand checkouts of either side run 2-4 times slower than the rest while V8
		// compiles the query builders, so each side warms up for about a round before it is measured.
		subjectCheckouts = sized(await checkoutSubject(200), seconds);
		subjectCheckouts = sized(await checkoutSubject(subjectCheckouts), seconds);
		baselineCheckouts = sized(await checkoutBaseline(200), seconds);
		baselineCheckouts = sized(await checkoutBaseline(baselineCheckouts), seconds);
		await checkoutFloor(subjectCheckouts);
	}
	if (parts.has('upload')) {
		const small = generatedWav(1, 'warm-up');
		await postBook(subjectApp, admin!.token, small);
		await measure(ask({ kind: 'upload', file: small, key: 'bench/warm-up' }));
	}

	const specs = {
		upload: {
			name: `upload ${fileMb.toFixed(0)} MB: app vs lib-storage`,
			unit: 'MB/s',
			goal: 0.7,
			rounds: uploadRounds,
			subject: uploadSubject,
			baseline: uploadBaseline
		},
		catalog: {
			name: 'GET /catalog/books vs its queries',
			unit: 'req/s',
			goal: 0.5,
			rounds,
			subject: () => catalogSubject(seconds),
			baseline: () => catalogBaseline(seconds)
		},
		...filterRows(),
		checkout: {
			name: 'POST /checkout vs raw transaction',
			unit: '/s',
			goal: 0.8,
			rounds,
			subject: () => checkoutSubject(subjectCheckouts),
			baseline: () => checkoutBaseline(baselineCheckouts)
		}
	};
	const rows: Ratio[] = [];
	const partOf = (key: string) => (key.startsWith('filter') ? 'filters' : key);
	for (const [key, spec] of Object.entries(specs)) if (parts.has(partOf(key))) rows.push(await interleave(spec));
	printTable('Store bench (ratio = subject / baseline, same run, same machine)', rows);
	// The HTTP floors, after the table so that they do not heat the machine between the rows' rounds.
	// Issue 14's goals against the floor: the catalog list at least 0.85 of it, checkout at least 0.6.
	const floors: Record<string, { rate: number; cpuMsPerOp: number; appShare: number; goal: number; passes: boolean }> = {};
	const floorOf = async (row: Ratio | undefined, label: string, goal: number, run: () => Promise<Measured>) => {
		if (!row) return;
		const total = { count: 0, seconds: 0, cpu: 0 };
		for (let i = 0; i < rounds; i++) {
			const m = await run();
			total.count += m.count;
			total.seconds += m.seconds;
			total.cpu += m.cpu?.total ?? 0;
		}
		const rate = total.count / total.seconds;
		const appShare = row.subject / rate;
		floors[label] = { rate, cpuMsPerOp: (total.cpu / total.count) * 1000, appShare, goal, passes: appShare >= goal };
		console.log(
			`HTTP floor for ${label}: a bare node:http server doing the baseline's work answers ${rate.toFixed(0)} ${row.unit} ` +
				`(${floors[label]!.cpuMsPerOp.toFixed(3)} ms CPU/op), ${(rate / row.baseline).toFixed(2)} of the baseline; ` +
				`the app reaches ${appShare.toFixed(2)} of that floor (goal ≥ ${goal}: ${floors[label]!.passes ? 'PASS' : 'BELOW'}).`
		);
	};
	await floorOf(rows.find((r) => r.name === specs.catalog.name), 'the catalog', 0.85, () => catalogFloor(seconds));
	await floorOf(rows.find((r) => r.name === specs.checkout.name), 'checkout', 0.6, () => checkoutFloor(subjectCheckouts));
	const rssGoalMb = 64;
	if (parts.has('upload')) {
		console.log(
			`upload memory: the app's resident set grew by at most ${(growth.subject / MB).toFixed(0)} MB ` +
			`(${(growth.subject / MiB).toFixed(0)} MiB) during a ${fileMb.toFixed(0)} MB upload (goal ≤ ${rssGoalMb} MB: ` +
			`${growth.subject / MB <= rssGoalMb ? 'PASS' : 'ABOVE'}); lib-storage's Upload alone grew by ` +
			`${(growth.baseline / MB).toFixed(0)} MB (part size ${PART_SIZE / MiB} MiB, queue size ${QUEUE_SIZE})\n`
		);
	}
	const file = writeResults('store', rows, {
		uploadBytes: audioFile ? statSync(audioFile).size : 0,
		uploadRounds,
		uploadPeakRssGrowthBytes: growth,
		seedBooks,
		connections,
		secondsPerRound: seconds,
		checkoutsPerRound: { subject: subjectCheckouts, baseline: baselineCheckouts },
		httpFloors: floors,
		rounds,
		database: app.databaseUrl.split(':')[0],
		cpuBusyAtStart
	});
	console.log(`results written to ${path.relative(process.cwd(), file)}`);
	if (process.env.BENCH_STRICT === '1' && (!rows.every(passes) || growth.subject / MB > rssGoalMb || Object.values(floors).some((f) => !f.passes))) process.exitCode = 1;
} finally {
	worker?.disconnect();
	s3Client.destroy();
	await app?.stop();
	await s3.stop();
}

/** A WAV of `mb` megabytes (48 kHz stereo 16-bit: 192,000 bytes a second), made once and cached. */
function generatedWav(mb: number, name = `sine-${mb}mb`): string {
	mkdirSync(cacheDir, { recursive: true });
	const file = path.join(cacheDir, `${name}.wav`);
	if (existsSync(file)) return file;
	const duration = Math.ceil((mb * MB) / 192_000);
	console.log(`  generating ${file} (${mb} MB of WAV, once)…`);
	const partial = `${file}.partial`;
	execFileSync('ffmpeg', [
		'-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=330:sample_rate=48000:duration=${duration}`,
		'-ac', '2', '-c:a', 'pcm_s16le', '-f', 'wav', partial
	]);
	renameSync(partial, file);
	return file;
}

/** Runs scripts/seed-demo.ts against the bench app's database and bucket (its demo blob goes there). */
function seedCatalog(databaseUrl: string, count: number) {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-bench-seed-'));
	try {
		const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts', String(count)], {
			cwd: repoRoot,
			env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ...s3Env },
			encoding: 'utf8'
		});
		if (r.status !== 0) throw new Error(`seed-demo failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
		console.log(`  ${r.stdout.trim().split('\n').at(-1)}`);
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}

function askWorker(child: ReturnType<typeof fork>) {
	return (run: StoreRun) =>
		new Promise<StoreAnswer>((resolve, reject) => {
			const died = (code: number | null) => reject(new Error(`the store worker exited with ${code}`));
			child.once('exit', died);
			child.once('message', (a: StoreAnswer) => {
				child.off('exit', died);
				if ('error' in a) reject(new Error(`store worker: ${a.error}`));
				else resolve(a);
			});
			child.send(run);
		});
}

async function measure(answer: Promise<StoreAnswer>): Promise<Measured> {
	const a = await answer;
	if (!('measured' in a)) throw new Error('the store worker answered without a measurement');
	return a.measured;
}

/** Buyers with open one-book carts; 'admin' makes one admin session instead (the upload route needs it). */
async function prepareCarts(ask: ReturnType<typeof askWorker>, count: number, role?: 'admin', forFloor = false): Promise<PreparedCart[]> {
	const a = await ask({ kind: 'carts', count, forFloor });
	if (!('carts' in a)) throw new Error('the store worker answered without carts');
	if (role === 'admin') await makeAdmin(a.carts[0]!.token);
	return a.carts;
}

/** Promotes the user behind a prepared session to admin, in the bench app's database. */
async function makeAdmin(token: string) {
	const { createDb, parseDatabaseUrl } = await import('../src/lib/server/db');
	const { hashToken } = await import('../src/lib/server/auth/secrets');
	const db = createDb(parseDatabaseUrl(app!.databaseUrl));
	try {
		const session = await db.selectFrom('sessions').select('user_id').where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
		await db.updateTable('users').set({ role: 'admin' }).where('id', '=', session.user_id).execute();
	} finally {
		await db.destroy();
	}
}

function sized(warm: Measured, s: number): number {
	return Math.max(200, Math.min(20_000, Math.round((warm.count / warm.seconds) * s)));
}

function rssBytes(pid: number): number {
	const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
	return Number(kb) * 1024;
}

/** The most a process's resident set grew above its size at the start while `run` ran (20 ms samples). */
async function peakRssGrowth<T>(pid: number, run: () => Promise<T>): Promise<{ result: T; growth: number }> {
	const before = rssBytes(pid);
	let peak = before;
	const timer = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 20);
	try {
		const result = await run();
		peak = Math.max(peak, rssBytes(pid));
		return { result, growth: peak - before };
	} finally {
		clearInterval(timer);
	}
}

/** POST /api/v1/admin/books with the metadata fields, then the file streamed from disk. */
async function postBook(target: BenchApp, sessionToken: string, file: string): Promise<{ status: number; body: string }> {
	const boundary = `----earshelfbench${randomUUID().replaceAll('-', '')}`;
	const fields = { uploadId: randomUUID(), title: 'The Bench Recording', author: 'Bench Author', priceMinor: '9900' };
	const head = Buffer.from(
		Object.entries(fields)
			.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
			.join('') +
			`--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="bench.wav"\r\nContent-Type: audio/wav\r\n\r\n`
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	const req = http.request(`${target.url}/api/v1/admin/books`, {
		method: 'POST',
		headers: {
			'content-type': `multipart/form-data; boundary=${boundary}`,
			'content-length': String(head.length + statSync(file).size + tail.length),
			origin: target.url,
			cookie: `earshelf_session=${sessionToken}`
		}
	});
	const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
		req.once('response', (res) => {
			let body = '';
			res.setEncoding('utf8').on('data', (d: string) => (body += d));
			res.once('end', () => resolve({ status: res.statusCode ?? 0, body }));
			res.once('error', reject);
		});
		req.once('error', reject);
	});
	async function* body() {
		yield head;
		yield* createReadStream(file, { highWaterMark: 256 * 1024 });
		yield tail;
	}
	await pipeline(Readable.from(body()), req);
	return answered;
}

async function deleteObject(key: string) {
	await s3Client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }));
}
