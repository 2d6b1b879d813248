/**
 * Lighthouse bench: Lighthouse 12 (mobile profile: a Moto G Power-sized screen, simulated slow 4G and
 * 4× CPU slowdown) in Debian's Chromium against the production build over seeded books, on
 *  - the storefront (/), a book page (/books/<id>) and the library (/library, signed in as a buyer
 *    who owns a few books; the session cookie goes with every request through extraHeaders);
 *  - the baseline: a static page with the same kind of content and no JavaScript, served on loopback
 *    in the same run, so the ratio says what the app costs over what this machine and Lighthouse's
 *    simulation allow (a busy machine lowers both).
 * Each page is measured BENCH_LIGHTHOUSE_RUNS times (3) and the median score is kept. Printed: the
 * performance score against the baseline's (goal: a score of 95 or more, i.e. ≥ 0.95 of a perfect
 * baseline), and the JavaScript each page loads from the app, gzipped (goal for the storefront:
 * ≤ 100 KB), plus the metrics behind each score.
 * Knobs: BENCH_LIGHTHOUSE_RUNS (3), BENCH_LIGHTHOUSE_BOOKS (500 seeded books), CHROME_PATH
 * (/usr/bin/chromium), BENCH_LIGHTHOUSE_REPORTS=dir to keep each run's full report (HTML) for a look
 * at what costs the points.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import lighthouse from 'lighthouse';
import { freePort } from '../tests/helpers/app';
import { client, uniqueEmail } from '../tests/helpers/http';
import { sessionCookie } from '../tests/helpers/pipeline';
import { startBenchApp, type BenchApp } from './lib/app';
import { cpuBusyBeforeBench } from './lib/machine';
import { printTable, writeResults, type Bound, type Ratio } from './lib/report';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const runs = env('BENCH_LIGHTHOUSE_RUNS', 3);
const seedBooks = env('BENCH_LIGHTHOUSE_BOOKS', 500);
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const repoRoot = path.resolve(import.meta.dirname, '..');
const reportDir = process.env.BENCH_LIGHTHOUSE_REPORTS ? path.resolve(process.env.BENCH_LIGHTHOUSE_REPORTS) : null;
const SCORE_GOAL = 0.95;
const STOREFRONT_JS_GZIP_KB = 100;

interface PageRun {
	score: number;
	fcpMs: number;
	lcpMs: number;
	tbtMs: number;
	cls: number;
	speedIndexMs: number;
	/** Same-origin scripts the page loaded: their URLs and bytes on the wire. */
	scripts: { url: string; transferBytes: number }[];
	renderBlocking: string[];
	/** The page's HTML on the wire (compressed when the server compresses it). */
	documentBytes: number;
}

const cpuBusyAtStart = await cpuBusyBeforeBench();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-bench-lh-'));
let app: BenchApp | undefined;
let chrome: { port: number; process: ChildProcess; profile: string } | undefined;
let baseline: http.Server | undefined;

try {
	app = await startBenchApp({ PIPELINE_RUNNER: 'off', DATA_DIR: dataDir });
	seedCatalog(app.databaseUrl, seedBooks);
	const bookIds = await publishedBookIds(app.url, 3);
	const cookie = await buyerWithBooks(app.url, bookIds);
	const baselineUrl = await startBaselinePage();
	chrome = await launchChromium();
	console.log(
		`lighthouse bench: ${seedBooks} seeded books; ${runs} Lighthouse runs per page (mobile profile, median kept); ` +
			`Chromium ${chromePath}`
	);

	const pages: { name: string; url: string; headers?: Record<string, string> }[] = [
		{ name: 'baseline (static, no JS)', url: baselineUrl },
		{ name: 'storefront /', url: `${app.url}/` },
		{ name: 'book page /books/:id', url: `${app.url}/books/${bookIds[0]}` },
		{ name: 'library /library (signed in)', url: `${app.url}/library`, headers: { Cookie: cookie } }
	];
	const measured = new Map<string, PageRun>();
	for (const p of pages) {
		const all: PageRun[] = [];
		for (let i = 0; i < runs; i++) all.push(await audit(p.url, chrome.port, p.headers, `${p.name.split(' ')[0]}-${i + 1}`));
		const median = [...all].sort((a, b) => a.score - b.score)[Math.floor(all.length / 2)]!;
		measured.set(p.name, median);
		console.log(`  ${p.name}: scores ${all.map((r) => Math.round(r.score * 100)).join(', ')}`);
	}

	const base = measured.get(pages[0]!.name)!;
	const rows: Ratio[] = pages.slice(1).map((p) => ({
		name: `performance score: ${p.name}`,
		unit: 'points',
		subject: measured.get(p.name)!.score * 100,
		baseline: base.score * 100,
		goal: SCORE_GOAL
	}));
	const jsGzip = new Map<string, number>();
	for (const p of pages.slice(1)) jsGzip.set(p.name, await gzippedBytes(measured.get(p.name)!.scripts.map((s) => s.url), p.headers));
	const bounds: Bound[] = [
		{ name: 'JS shipped, gzipped: storefront /', unit: 'KB', value: jsGzip.get(pages[1]!.name)! / 1000, atMost: STOREFRONT_JS_GZIP_KB }
	];
	printTable('Lighthouse (mobile): the app\'s pages vs a static page without JavaScript', rows, bounds);

	console.log('page                          score  FCP ms  LCP ms  TBT ms    CLS  SI ms  HTML KB  scripts  JS wire KB  JS gzip KB');
	for (const p of pages) {
		const r = measured.get(p.name)!;
		const wire = r.scripts.reduce((n, s) => n + s.transferBytes, 0) / 1000;
		const gz = (jsGzip.get(p.name) ?? 0) / 1000;
		console.log(
			`${p.name.padEnd(30)}${String(Math.round(r.score * 100)).padStart(5)}${fmt(r.fcpMs, 8)}${fmt(r.lcpMs, 8)}${fmt(r.tbtMs, 8)}` +
				`${r.cls.toFixed(3).padStart(7)}${fmt(r.speedIndexMs, 7)}${(r.documentBytes / 1000).toFixed(1).padStart(9)}${String(r.scripts.length).padStart(9)}${wire.toFixed(1).padStart(12)}${gz.toFixed(1).padStart(12)}`
		);
		if (r.renderBlocking.length) console.log(`  render-blocking: ${r.renderBlocking.join(', ')}`);
	}
	const file = writeResults('lighthouse', rows, {
		runs,
		seedBooks,
		chromePath,
		cpuBusyAtStart,
		pages: Object.fromEntries(pages.map((p) => [p.name, { ...measured.get(p.name), jsGzipBytes: jsGzip.get(p.name) ?? 0 }]))
	}, bounds);
	console.log(`\nresults: ${path.relative(repoRoot, file)}`);
} finally {
	if (chrome) {
		const exited = new Promise((resolve) => chrome!.process.once('exit', resolve));
		if (chrome.process.exitCode === null && chrome.process.signalCode === null) chrome.process.kill('SIGKILL');
		await exited;
		// Chromium's helper processes may still be closing files in the profile.
		rmSync(chrome.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
	}
	baseline?.close();
	await app?.stop();
	rmSync(dataDir, { recursive: true, force: true });
}

function fmt(ms: number, width: number): string {
	return String(Math.round(ms)).padStart(width);
}

async function audit(url: string, port: number, extraHeaders: Record<string, string> | undefined, label: string): Promise<PageRun> {
	const result = await lighthouse(url, { port, logLevel: 'error', output: reportDir ? 'html' : 'json', onlyCategories: ['performance'], extraHeaders });
	if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
	if (reportDir) {
		mkdirSync(reportDir, { recursive: true });
		writeFileSync(path.join(reportDir, `${label}.html`), String(result.report));
		writeFileSync(path.join(reportDir, `${label}.json`), JSON.stringify(result.lhr));
	}
	const { lhr } = result;
	if (lhr.runtimeError) throw new Error(`Lighthouse could not load ${url}: ${lhr.runtimeError.message}`);
	const numeric = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
	const origin = new URL(url).origin;
	const requests = (lhr.audits['network-requests']?.details as { items?: { url: string; resourceType?: string; transferSize?: number }[] } | undefined)?.items ?? [];
	const blocking = (lhr.audits['render-blocking-resources']?.details as { items?: { url: string }[] } | undefined)?.items ?? [];
	return {
		score: lhr.categories.performance?.score ?? 0,
		fcpMs: numeric('first-contentful-paint'),
		lcpMs: numeric('largest-contentful-paint'),
		tbtMs: numeric('total-blocking-time'),
		cls: numeric('cumulative-layout-shift'),
		speedIndexMs: numeric('speed-index'),
		scripts: requests
			.filter((r) => r.resourceType === 'Script' && r.url.startsWith(origin))
			.map((r) => ({ url: r.url, transferBytes: r.transferSize ?? 0 })),
		renderBlocking: blocking.map((b) => new URL(b.url).pathname),
		documentBytes: requests.find((r) => r.resourceType === 'Document')?.transferSize ?? 0
	};
}

/** Each script as the app serves it, gzipped at level 9 (as adapter-node precompresses): what "gzipped" means here. */
async function gzippedBytes(urls: string[], headers?: Record<string, string>): Promise<number> {
	let total = 0;
	for (const url of new Set(urls)) {
		const res = await fetch(url, { headers });
		if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
		total += gzipSync(Buffer.from(await res.arrayBuffer()), { level: 9 }).length;
	}
	return total;
}

async function launchChromium(): Promise<{ port: number; process: ChildProcess; profile: string }> {
	const profile = mkdtempSync(path.join(os.tmpdir(), 'earshelf-bench-chromium-'));
	const child = spawn(
		chromePath,
		['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	let err = '';
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`Chromium did not open its DevTools port within 30 s:\n${err}`)), 30_000);
		child.stderr!.on('data', (d) => {
			err += d;
			const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
			if (m) {
				clearTimeout(timer);
				resolve(Number(m[1]));
			}
		});
		child.on('exit', (code) => reject(new Error(`Chromium (${chromePath}) exited with ${code}:\n${err}`)));
	});
	return { port, process: child, profile };
}

/** A store-like static page: a header, a heading and a grid of 24 text cards, no scripts, no web fonts. */
async function startBaselinePage(): Promise<string> {
	const cards = Array.from({ length: 24 }, (_, i) => `<li><h2>Book ${i + 1}</h2><p>Author ${i + 1}</p><p>THB 199.00</p></li>`).join('');
	const html =
		'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
		'<title>Baseline</title><style>body{font-family:system-ui,sans-serif;margin:0}main{padding:1rem}ul{display:grid;grid-template-columns:repeat(2,1fr);gap:1rem;list-style:none;padding:0}li{border:1px solid #ddd;border-radius:12px;padding:1rem}</style>' +
		`</head><body><header><strong>Store</strong></header><main><h1>Books</h1><ul>${cards}</ul></main></body></html>`;
	const port = await freePort();
	baseline = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
	await new Promise<void>((resolve) => baseline!.listen(port, '127.0.0.1', resolve));
	return `http://127.0.0.1:${port}/`;
}

function seedCatalog(databaseUrl: string, count: number) {
	const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts', String(count)], {
		cwd: repoRoot,
		env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
		encoding: 'utf8'
	});
	if (r.status !== 0) throw new Error(`seed-demo failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
	console.log(`  ${r.stdout.trim().split('\n').at(-1)}`);
}

async function publishedBookIds(url: string, n: number): Promise<string[]> {
	const res = await client(url).get<{ books: { id: string; isFree: boolean }[] }>(`/api/v1/catalog/books?limit=${n}`);
	if (res.status !== 200 || res.body.books.length < n) throw new Error(`the catalog answered ${res.status} with too few books`);
	return res.body.books.map((b) => b.id);
}

/** A new buyer who bought `bookIds` (through the cart and the mock checkout); returns their session cookie. */
async function buyerWithBooks(url: string, bookIds: string[]): Promise<string> {
	const api = client(url);
	const email = uniqueEmail('lighthouse');
	const password = 'lighthouse bench 1';
	const signUp = await api.post<{ accessToken: string }>('/api/v1/auth/sign-up', { email, password, name: 'Bench Buyer' });
	if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}: ${JSON.stringify(signUp.body)}`);
	const token = signUp.body.accessToken;
	let cartId = '';
	for (const bookId of bookIds) {
		const added = await api.post<{ cart: { id: string } }>('/api/v1/cart', { bookId }, token);
		if (added.status !== 200) throw new Error(`adding ${bookId} to the cart answered ${added.status}: ${JSON.stringify(added.body)}`);
		cartId = added.body.cart.id;
	}
	const order = await api.post('/api/v1/checkout', { cartId }, token);
	if (order.status !== 201) throw new Error(`checkout answered ${order.status}: ${JSON.stringify(order.body)}`);
	return sessionCookie(url, email, password);
}
