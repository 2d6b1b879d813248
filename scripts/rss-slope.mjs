// Memory trend of a soak: reads "seconds,rss_kib" lines (one file per process) and prints, per file,
// the least-squares slope of RSS in MB/min over the second half of the run (the first half is
// warm-up: JIT, caches, pools and model buffers filling), plus first/last/max. Exits 1 when a slope
// is above the limit. Usage: node scripts/rss-slope.mjs LIMIT_MB_PER_MIN name=file [name=file…]
import { readFileSync } from 'node:fs';
import { slope } from './lib/slope.mjs';

const [limitArg, ...files] = process.argv.slice(2);
const limit = Number(limitArg);
if (!Number.isFinite(limit) || files.length === 0) {
	console.error('usage: node scripts/rss-slope.mjs LIMIT_MB_PER_MIN name=file [name=file…]');
	process.exit(2);
}

let over = false;
for (const arg of files) {
	const [name, file] = arg.split('=');
	const samples = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => {
		const [s, kib] = line.split(',').map(Number);
		return { x: s / 60, y: kib / 1024 };
	});
	if (samples.length < 6) {
		console.log(`${name}: only ${samples.length} samples, too few for a trend`);
		over = true;
		continue;
	}
	const half = samples.slice(Math.floor(samples.length / 2));
	const perMinute = slope(half) ?? 0;
	const mb = (v) => v.toFixed(1);
	console.log(
		`${name}: RSS ${mb(samples[0].y)} MB at start, ${mb(samples.at(-1).y)} MB at end, max ${mb(Math.max(...samples.map((p) => p.y)))} MB; ` +
			`slope over the second half (${half.length} samples) ${perMinute.toFixed(2)} MB/min (limit ${limit})`
	);
	if (perMinute > limit) over = true;
}
process.exit(over ? 1 : 0);
