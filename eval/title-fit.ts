/**
 * `npx tsx eval/title-fit.ts`: how well the sidecar's off_chapter check (a title must fit its own
 * chapter better than the chapters beside it, inference/src/embed/title-fit.ts) tells titles that
 * name a chapter from titles that name something else, on text alone (seconds, no speech). The
 * labelled titles are eval/chapter-titles.yaml; each chapter is judged against its neighbours in its
 * recording (the long passages without their headings, the topic mixes of eval/chapters.ts), through
 * the sidecar's own analyser and checkFit with the real e5 model. Prints the share of good titles
 * accepted and of each kind of bad title refused at TITLE_LIMITS, a grid of nearby thresholds (what
 * they were chosen from), and the titles judged wrongly. TITLE_FIT_VERBOSE=1 prints every score.
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
/** Good titles accepted, each kind of bad refused, at the given limits. */
function rates(limits: { minFit: number; fitMargin: number }) {
	const passes = (j: Judged) => checkFit(j.title, j.fit, limits) === null;
	return Object.fromEntries(
		KINDS.map((kind) => {
			const of = judged.filter((j) => j.kind === kind);
			const right = of.filter((j) => (kind === 'good' ? passes(j) : !passes(j))).length;
			return [kind, { right, of: of.length }];
		})
	) as Record<Kind, { right: number; of: number }>;
}
const line = (r: ReturnType<typeof rates>) => {
	const bad = KINDS.filter((k) => k !== 'good').reduce((a, k) => ({ right: a.right + r[k].right, of: a.of + r[k].of }), { right: 0, of: 0 });
	return `good accepted ${r.good.right}/${r.good.of} (${pct(r.good.right, r.good.of)}); bad refused ${bad.right}/${bad.of} (${pct(bad.right, bad.of)}): ${KINDS.filter((k) => k !== 'good')
		.map((k) => `${k} ${pct(r[k].right, r[k].of)}`)
		.join(', ')}`;
};

if (process.env.TITLE_FIT_VERBOSE) {
	for (const j of judged) console.log(`${j.chapter.padEnd(48)} ${j.kind.padEnd(9)} ${j.title.padEnd(38)} own ${j.fit.own.toFixed(3)}  neighbours ${j.fit.neighbours.map((n) => n.toFixed(3)).join(' ')}`);
}
console.log(`${labels.length} chapters, ${judged.length} titles (${KINDS.map((k) => `${judged.filter((j) => j.kind === k).length} ${k}`).join(', ')})`);
console.log(`at minFit ${TITLE_LIMITS.minFit}, fitMargin ${TITLE_LIMITS.fitMargin}: ${line(rates(TITLE_LIMITS))}`);
console.log('nearby thresholds:');
for (const minFit of [0, 0.05, 0.08, 0.1, 0.15]) {
	for (const fitMargin of [0, 0.02, 0.05, 0.08]) console.log(`  minFit ${minFit.toFixed(2)} fitMargin ${fitMargin.toFixed(2)}  ${line(rates({ minFit, fitMargin }))}`);
}
console.log('judged wrongly at TITLE_LIMITS:');
for (const j of judged) {
	const problem = checkFit(j.title, j.fit);
	if ((j.kind === 'good') === (problem === null)) continue;
	console.log(`  ${j.kind.padEnd(9)} ${j.chapter.padEnd(48)} ${j.title}: ${problem ? problem.message.replace(/^.*?: /, '') : `accepted (own ${j.fit.own.toFixed(2)}, neighbours ${j.fit.neighbours.map((n) => n.toFixed(2)).join(', ')})`}`);
}
