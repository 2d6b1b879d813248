/**
 * `npx tsx eval/title-fit.ts`: how well the sidecar's off_chapter check (a title must fit its own
 * chapter better than the chapters beside it, inference/src/embed/title-fit.ts) tells titles that
 * name a chapter from titles that name something else, on text alone (seconds, no speech). The
 * labelled titles are eval/chapter-titles.yaml; each chapter is judged against its neighbours in its
 * recording (the long passages without their headings, the topic mixes of eval/chapters.ts), through
 * the sidecar's own analyser and checkFit with the real e5 model. Prints the share of good titles
 * accepted and of each kind of bad title refused at TITLE_LIMITS, the grid they were chosen from
 * (with the setting the rule picks), the same rule applied to the English long passages alone and
 * scored on the held-out mixes and Thai, and the titles judged wrongly. TITLE_FIT_VERBOSE=1 prints every score.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadConfig } from '../inference/src/config';
import { createAnalyser } from '../inference/src/embed/analyse';
import { createE5Embedder } from '../inference/src/embed/engine';
import { checkFit, TITLE_LIMITS, type FitScores } from '../inference/src/text/title-checks';
import { topicMix, TOPIC_MIXES, withoutHeadings } from './lib/chapters';
import { loadPassages } from './lib/passages';

const Label = z
	.object({
		chapter: z.string().regex(/^[a-z0-9-]+#\d+$/),
		good: z.array(z.string().min(1)).min(1),
		themed: z.array(z.string().min(1)).default([]),
		unrelated: z.array(z.string().min(1)).default([])
	})
	.strict();
const labels = z.array(Label).parse(parse(readFileSync(path.resolve(import.meta.dirname, 'chapter-titles.yaml'), 'utf8')));

const all = loadPassages();
const recordings = new Map<string, string[]>();
for (const p of all.filter((p) => p.long)) recordings.set(p.id, withoutHeadings(p).chapters!.map((c) => c.text));
for (const m of TOPIC_MIXES) {
	const p = topicMix(all, m.language, m.chapters);
	recordings.set(p.id, p.chapters!.map((c) => c.text));
}

type Kind = 'good' | 'neighbour' | 'themed' | 'unrelated';
const KINDS: Kind[] = ['good', 'neighbour', 'themed', 'unrelated'];
interface Judged {
	chapter: string;
	title: string;
	kind: Kind;
	fit: FitScores;
}

const config = loadConfig();
const embedder = await createE5Embedder({ dir: config.EMBED_MODEL_DIR, threads: config.EMBED_THREADS });
const analyser = createAnalyser(embedder);
const byChapter = new Map(labels.map((l) => [l.chapter, l]));
const judged: Judged[] = [];
try {
	for (const label of labels) {
		const [id, at] = label.chapter.split('#') as [string, string];
		const chapters = recordings.get(id);
		const i = Number(at);
		if (!chapters?.[i]) throw new Error(`eval/chapter-titles.yaml: no chapter ${label.chapter} (recordings: ${[...recordings.keys()].join(', ')})`);
		const beside = [i - 1, i + 1].filter((j) => j >= 0 && j < chapters.length);
		const score = await analyser.chapterFit(chapters[i], beside.map((j) => chapters[j]!));
		// A neighbour's good titles name the wrong chapter for this one.
		const theirs = beside.flatMap((j) => byChapter.get(`${id}#${j}`)?.good ?? []);
		const titles: Array<[string, Kind]> = [
			...label.good.map((t) => [t, 'good'] as [string, Kind]),
			...theirs.map((t) => [t, 'neighbour'] as [string, Kind]),
			...label.themed.map((t) => [t, 'themed'] as [string, Kind]),
			...label.unrelated.map((t) => [t, 'unrelated'] as [string, Kind])
		];
		for (const [title, kind] of titles) judged.push({ chapter: label.chapter, title, kind, fit: await score(title) });
	}
} finally {
	await embedder.dispose();
}

const pct = (a: number, b: number) => `${b ? Math.round((a / b) * 100) : 0}%`;
type Limits = { minFit: number; neighbourLead: number };
type Rates = Record<Kind, { right: number; of: number }> & { bad: { right: number; of: number } };
/** Good titles accepted, each kind of bad (and all bad) refused, at the given limits, over `of` (default all titles). */
function rates(limits: Limits, of: Judged[] = judged): Rates {
	const passes = (j: Judged) => checkFit(j.title, j.fit, limits) === null;
	const count = (kinds: Kind[], good: boolean) => {
		const these = of.filter((j) => kinds.includes(j.kind));
		return { right: these.filter((j) => passes(j) === good).length, of: these.length };
	};
	const bad = KINDS.filter((k) => k !== 'good');
	return { ...(Object.fromEntries(KINDS.map((k) => [k, count([k], k === 'good')])) as Record<Kind, { right: number; of: number }>), bad: count(bad, false) };
}
const share = (r: { right: number; of: number }) => `${r.right}/${r.of} (${pct(r.right, r.of)})`;
const line = (r: Rates) =>
	`good accepted ${share(r.good)}; bad refused ${share(r.bad)}: ${KINDS.filter((k) => k !== 'good')
		.map((k) => `${k} ${r[k].right}/${r[k].of}`)
		.join(', ')}`;
const limitsName = (l: Limits) => `minFit ${l.minFit.toFixed(2)} neighbourLead ${l.neighbourLead.toFixed(2)}`;

/**
 * The grid the limits are chosen from. A refusal throws a title away for "Chapter N", so the rule
 * favours good titles: keep at least WANT_GOOD of them, and among those settings refuse the most bad
 * ones (ties: the larger minimum, then the smaller lead, the stricter setting that costs nothing).
 */
const GRID: Limits[] = [0, 0.02, 0.04, 0.05, 0.06, 0.08].flatMap((minFit) => [0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06].map((neighbourLead) => ({ minFit, neighbourLead })));
/** In whole percent, as printed: 36 of 38 (94.7%) counts as 95%. */
const WANT_GOOD = 95;
function choose(of: Judged[]): { limits: Limits; want: number } | null {
	for (const want of [WANT_GOOD, 90]) {
		const ok = GRID.map((limits) => ({ limits, r: rates(limits, of) })).filter(({ r }) => Math.round((r.good.right / r.good.of) * 100) >= want);
		ok.sort((a, b) => b.r.bad.right - a.r.bad.right || b.limits.minFit - a.limits.minFit || a.limits.neighbourLead - b.limits.neighbourLead);
		if (ok[0]) return { limits: ok[0].limits, want };
	}
	return null;
}

if (process.env.TITLE_FIT_VERBOSE) {
	for (const j of judged) console.log(`${j.chapter.padEnd(48)} ${j.kind.padEnd(9)} ${j.title.padEnd(38)} own ${j.fit.own.toFixed(3)}  neighbours ${j.fit.neighbours.map((n) => n.toFixed(3)).join(' ')}`);
}
console.log(`${labels.length} chapters, ${judged.length} titles (${KINDS.map((k) => `${judged.filter((j) => j.kind === k).length} ${k}`).join(', ')})`);
console.log(`at TITLE_LIMITS (${limitsName(TITLE_LIMITS)}): ${line(rates(TITLE_LIMITS))}`);
console.log('the grid (all titles):');
console.log('| minFit | neighbourLead | good accepted | bad refused | neighbour | themed | unrelated |');
console.log('|---|---|---|---|---|---|---|');
for (const limits of GRID) {
	const r = rates(limits);
	console.log(`| ${limits.minFit.toFixed(2)} | ${limits.neighbourLead.toFixed(2)} | ${share(r.good)} | ${share(r.bad)} | ${r.neighbour.right}/${r.neighbour.of} | ${r.themed.right}/${r.themed.of} | ${r.unrelated.right}/${r.unrelated.of} |`);
}
const chosen = choose(judged);
console.log(`chosen on all titles (good ≥ ${chosen?.want ?? WANT_GOOD}%, then most bad refused): ${chosen ? `${limitsName(chosen.limits)}: ${line(rates(chosen.limits))}` : 'none reaches 90% of good titles'}`);

// Out of sample: choose on the English long passages alone, report on the topic mixes and Thai.
const calibrate = judged.filter((j) => j.chapter.startsWith('long-en-'));
const heldOut = judged.filter((j) => !j.chapter.startsWith('long-en-'));
const split = choose(calibrate);
if (split) {
	console.log(`chosen on the English long passages (${calibrate.length} titles, good ≥ ${split.want}%): ${limitsName(split.limits)}: ${line(rates(split.limits, calibrate))}`);
	console.log(`  held out, the mixes and Thai (${heldOut.length} titles): ${line(rates(split.limits, heldOut))}`);
	console.log(`  TITLE_LIMITS on the same held-out titles: ${line(rates(TITLE_LIMITS, heldOut))}`);
}

console.log('judged wrongly at TITLE_LIMITS:');
for (const j of judged) {
	const problem = checkFit(j.title, j.fit);
	if ((j.kind === 'good') === (problem === null)) continue;
	console.log(`  ${j.kind.padEnd(9)} ${j.chapter.padEnd(48)} ${j.title}: ${problem ? problem.message.replace(/^.*?: /, '') : `accepted (own ${j.fit.own.toFixed(2)}, neighbours ${j.fit.neighbours.map((n) => n.toFixed(2)).join(', ')})`}`);
}
