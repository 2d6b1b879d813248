/**
 * `make eval-categories`: the category ranker on text, without speech (minutes, not the hour of
 * `make eval`). Four parts, in this order:
 *
 * - `cv`: leave-one-out on the built-in exemplars (inference/src/embed/exemplars.ts), never the eval
 *   passages: each exemplar is ranked against the taxonomy with itself left out of its category, by
 *   each candidate method (eval/lib/category-methods.ts); books of several windows are made from
 *   held-out exemplars to compare the pooling of windows; the chosen method's margins are tallied
 *   to set `minMargin`. With CATEGORIES_LLM=1 the local LLM (LLM_MODEL_PATH, SmolLM2 by default)
 *   also re-ranks the chosen method's top 3.
 * - `passages`: the eval passages' text (eval/passages/, the held-out test set) through the sidecar's
 *   own classifier (buildCategoryIndex + classifyBook, real model): top-1 (the passage's category or an
 *   accepted `also`) and top-3, overall and per language, and the confusions.
 * - `speech`: the transcripts of the newest `make eval` report (what speech recognition made of the
 *   same passages) through the classifier as it is now.
 * - `unseen`: eval/unseen.tsv, passages written after the classifier was chosen, through it and
 *   through the weighted mean it replaced.
 *
 * `npx tsx eval/categories.ts [cv] [passages] [speech] [unseen]` (all four when none is named). Every vector comes from the
 * real e5 model; they are kept by text in eval/.cache/ so a rerun only embeds what changed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../inference/src/config';
import { BACKGROUND_TEXTS } from '../inference/src/embed/background';
import { buildCategoryIndex, classifyBook, discriminantOf, profileText, rankBook, type TaxonomyEntry } from '../inference/src/embed/categories';
import { chooseCategories, DEFAULT_MIN_MARGIN, type CategoryProfile } from '../inference/src/embed/classify';
import { createE5Embedder, type Embedder } from '../inference/src/embed/engine';
import { EXEMPLARS } from '../inference/src/embed/exemplars';
import { storeTaxonomy } from '../inference/src/embed/test-taxonomy';
import { mean, normalize } from '../inference/src/embed/vectors';
import {
	centredBy,
	centroidScorer,
	count,
	discriminantScorer,
	emptyTally,
	knnScorer,
	mixScorer,
	sameLanguageScorer,
	rankWith,
	share,
	type CategoryVectors,
	type Pooling,
	type Ranked,
	type Tally,
	type WindowScorer
} from './lib/category-methods';
import { CATEGORY_SLUGS, loadPassages } from './lib/passages';

const THAI = /[\u0E00-\u0E7F]/;
const CACHE = path.resolve(import.meta.dirname, '.cache');

/** The real embedder, remembering every vector by (model, role, text) in eval/.cache/ between runs. */
async function cachedEmbedder(): Promise<Embedder & { save(): void }> {
	const config = loadConfig();
	const inner = await createE5Embedder({ dir: config.EMBED_MODEL_DIR, threads: config.EMBED_THREADS });
	const model = inner.description.split(' (')[0]!;
	const file = path.join(CACHE, `e5-vectors-${createHash('sha256').update(model).digest('hex').slice(0, 8)}.json`);
	let stored: Record<string, string> = {};
	try {
		stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
	} catch {
		// First run: nothing kept yet.
	}
	const key = (kind: string, text: string) => createHash('sha256').update(`${kind}\0${text}`).digest('hex').slice(0, 24);
	const decode = (b64: string) => new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);
	return {
		description: inner.description,
		dim: inner.dim,
		async embed(texts, kind) {
			const missing = [...new Set(texts.filter((t) => !(key(kind, t) in stored)))];
			if (missing.length) {
				const vectors = await inner.embed(missing, kind);
				missing.forEach((t, i) => (stored[key(kind, t)] = Buffer.from(vectors[i]!.buffer).toString('base64')));
			}
			return texts.map((t) => decode(stored[key(kind, t)]!));
		},
		dispose: () => inner.dispose(),
		save() {
			mkdirSync(CACHE, { recursive: true });
			writeFileSync(`${file}.tmp`, JSON.stringify(stored));
			renameSync(`${file}.tmp`, file);
		}
	};
}

interface Exemplar {
	slug: string;
	index: number;
	/** Its place among its category's exemplars in the same language. */
	rank: number;
	text: string;
	thai: boolean;
	vector: Float32Array;
}

interface CvData {
	taxonomy: TaxonomyEntry[];
	slugs: string[];
	descriptions: Float32Array[];
	exemplars: Exemplar[];
	background: Float32Array;
}

async function cvData(embedder: Embedder): Promise<CvData> {
	const taxonomy = storeTaxonomy();
	const descriptions = await embedder.embed(taxonomy.map(profileText), 'query');
	const flat = taxonomy.flatMap((c) => (EXEMPLARS[c.slug] ?? []).map((text, index) => ({ slug: c.slug, index, text, thai: THAI.test(text) })));
	const vectors = await embedder.embed(
		flat.map((e) => e.text),
		'passage'
	);
	const background = mean(await embedder.embed(BACKGROUND_TEXTS, 'passage'));
	const exemplars = flat.map((e, i) => ({ ...e, rank: flat.slice(0, i).filter((o) => o.slug === e.slug && o.thai === e.thai).length, vector: vectors[i]! }));
	return { taxonomy, slugs: taxonomy.map((c) => c.slug), descriptions, exemplars, background };
}

/** The taxonomy's vectors with some exemplars held out (and, for a learning curve, only the first few of each language). */
function without(data: CvData, held: readonly Exemplar[], subset?: Candidate['subset']): CategoryVectors[] {
	return data.slugs.map((slug, i) => {
		const kept = data.exemplars.filter((e) => e.slug === slug && !held.includes(e) && (!subset || e.rank < (e.thai ? subset.th : subset.en)));
		return { slug, description: data.descriptions[i]!, exemplars: kept.map((e) => e.vector), thai: kept.map((e) => e.thai) };
	});
}

interface Candidate {
	name: string;
	/** `thai`: the book's language (the pipeline knows it: upload or detection). */
	scorer(categories: readonly CategoryVectors[], background: Float32Array, thai: boolean): WindowScorer;
	/** Use only the first `en` English and `th` Thai exemplars of each category (a learning curve). */
	subset?: { en: number; th: number };
	/** Leave out the books of several windows (thousands of refits: too slow for a method that fits a model). */
	singleOnly?: boolean;
}

/** The centroid's description weight the sidecar used until 2026-12-08, when the discriminant replaced it. */
const CENTROID_WEIGHT = 3;

const CANDIDATES: Candidate[] = [
	{ name: 'descriptions only (no exemplars)', scorer: (c, b) => centroidScorer(c.map((x) => ({ ...x, exemplars: [], thai: [] })), b, 1) },
	{ name: 'centroid, weight 1, only the first 5 English + 2 Thai exemplars (the set before 2026-12-07)', scorer: (c, b) => centroidScorer(c, b, 1), subset: { en: 5, th: 2 } },
	{ name: `centroid, weight ${CENTROID_WEIGHT}, only the first 5 English + 2 Thai exemplars`, scorer: (c, b) => centroidScorer(c, b, CENTROID_WEIGHT), subset: { en: 5, th: 2 } },
	{ name: 'exemplar centroid only (description weight 0)', scorer: (c, b) => centroidScorer(c, b, 0) },
	...[0.5, 1, 2, 3, 4].map((w) => ({
		name: `centroid, description weight ${w}${w === 1 ? ' (before 2026-12-07)' : ''}${w === CENTROID_WEIGHT ? ' (until 2026-12-08)' : ''}`,
		scorer: (c: readonly CategoryVectors[], b: Float32Array) => centroidScorer(c, b, w)
	})),
	...[
		[1, 0.5],
		[2, 0.5],
		[2, 0.25],
		[3, 0.5]
	].map(([w, o]) => ({
		name: `centroid, book's language first: description ${w}, other-language exemplars ${o}`,
		scorer: (c: readonly CategoryVectors[], b: Float32Array, thai: boolean) => sameLanguageScorer(c, b, w!, o!, thai)
	})),
	{ name: 'linear discriminant, shrunk covariance (chosen)', scorer: (c, b) => discriminantScorer(c, b), singleOnly: true },
	...[1, 2, 3].map((k) => ({ name: `kNN: mean of the ${k} nearest exemplars`, scorer: (c: readonly CategoryVectors[], b: Float32Array) => knnScorer(c, b, k) })),
	...[
		[0.5, 1],
		[0.5, 2],
		[0.7, 1],
		[0.7, 2],
		[0.3, 2]
	].map(([a, k]) => ({
		name: `mix: ${a} × centroid (weight 1) + ${(1 - a!).toFixed(1)} × kNN ${k}`,
		scorer: (c: readonly CategoryVectors[], b: Float32Array) => mixScorer(centroidScorer(c, b, 1), knnScorer(c, b, k!), a!)
	}))
];

/** Leave-one-out over single exemplars: top-1/top-3 overall, English, Thai, and the ranked lists (for margins and the LLM). */
function leaveOneOut(data: CvData, candidate: Candidate) {
	const centred = centredBy(data.background);
	const all = emptyTally();
	const en = emptyTally();
	const th = emptyTally();
	const rankings: { exemplar: Exemplar; ranked: Ranked[] }[] = [];
	for (const e of data.exemplars) {
		const ranked = rankWith(candidate.scorer(without(data, [e], candidate.subset), data.background, e.thai), data.slugs, [centred(e.vector)]);
		count(all, ranked, e.slug);
		count(e.thai ? th : en, ranked, e.slug);
		rankings.push({ exemplar: e, ranked });
	}
	return { all, en, th, rankings };
}

/**
 * Books made of held-out exemplars, to compare the pooling of window scores: three of the category
 * (same language), with or without one more window from another category (a book with an off-topic
 * chapter). Every triple of each category, each with its own intruder.
 */
function syntheticBooks(data: CvData, candidate: Candidate, poolings: readonly Pooling[], intruder: boolean): Tally[] {
	const centred = centredBy(data.background);
	const tallies = poolings.map(emptyTally);
	let turn = 0;
	for (const [ci, slug] of data.slugs.entries()) {
		for (const thai of [false, true]) {
			const own = data.exemplars.filter((e) => e.slug === slug && e.thai === thai);
			for (let i = 0; i < own.length; i++)
				for (let j = i + 1; j < own.length; j++)
					for (let k = j + 1; k < own.length; k++) {
						const held = [own[i]!, own[j]!, own[k]!];
						if (intruder) {
							const otherSlug = data.slugs[(ci + 1 + (turn % (data.slugs.length - 1))) % data.slugs.length]!;
							const others = data.exemplars.filter((e) => e.slug === otherSlug && e.thai === thai);
							held.push(others[turn % others.length]!);
							turn++;
						}
						const scorer = candidate.scorer(without(data, held, candidate.subset), data.background, thai);
						poolings.forEach((pooling, p) => count(tallies[p]!, rankWith(scorer, data.slugs, held.map((e) => centred(e.vector)), pooling), slug));
					}
		}
	}
	return tallies;
}

/** How often the first category is right, by its margin over the second (to set minMargin). */
function marginTable(rankings: { exemplar: Exemplar; ranked: Ranked[] }[]) {
	const edges = [0, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, Infinity];
	console.log('\nchosen method, leave-one-out: how often the first category is right, by margin');
	for (let i = 0; i < edges.length - 1; i++) {
		const inside = rankings.filter(({ ranked }) => {
			const m = ranked[0]!.score - ranked[1]!.score;
			return m >= edges[i]! && m < edges[i + 1]!;
		});
		const right = inside.filter(({ exemplar, ranked }) => ranked[0]!.slug === exemplar.slug).length;
		console.log(`  margin ${edges[i]!.toFixed(3)}–${edges[i + 1] === Infinity ? '   ' : edges[i + 1]!.toFixed(3)}: ${String(inside.length).padStart(3)} exemplars, right ${share(right, inside.length)}`);
	}
	for (const m of [0.1, 0.2, 0.3]) {
		const below = rankings.filter(({ ranked }) => ranked[0]!.score - ranked[1]!.score < m);
		const right = below.filter(({ exemplar, ranked }) => ranked[0]!.slug === exemplar.slug).length;
		const wrong = rankings.filter(({ exemplar, ranked }) => ranked[0]!.slug !== exemplar.slug);
		const caught = wrong.filter(({ ranked }) => ranked[0]!.score - ranked[1]!.score < m).length;
		console.log(`  minMargin ${m}: ${below.length} sent to review (${share(right, below.length)} of them right), ${caught}/${wrong.length} wrong firsts caught`);
	}
}

/** The chosen method must be the classifier's own: the same rankings from categories.ts. */
function assertSameAsClassifier(data: CvData, rankings: { exemplar: Exemplar; ranked: Ranked[] }[]) {
	for (const { exemplar, ranked } of rankings.slice(0, 30)) {
		const profiles: CategoryProfile[] = without(data, [exemplar]).map((c, i) => ({
			slug: c.slug,
			name: data.taxonomy[i]!.name,
			description: '',
			vector: c.description,
			exemplars: c.exemplars.length ? { centroid: normalize(mean(c.exemplars)), count: c.exemplars.length, vectors: c.exemplars } : undefined
		}));
		const production = rankBook([exemplar.vector], { categories: profiles, background: data.background, discriminant: discriminantOf(profiles, data.background) });
		if (production[0]!.slug !== ranked[0]!.slug || Math.abs(production[0]!.score - ranked[0]!.score) > 1e-4) {
			throw new Error(`the chosen row is not what categories.ts computes (${exemplar.slug} #${exemplar.index}: ${production[0]!.slug} vs ${ranked[0]!.slug})`);
		}
	}
}

async function llmRerank(data: CvData, rankings: { exemplar: Exemplar; ranked: Ranked[] }[], minMargin: number) {
	const { createLlamaEngine } = await import('../inference/src/llm/engine');
	const config = loadConfig();
	const llm = await createLlamaEngine({ modelPath: config.LLM_MODEL_PATH, gpu: false, threads: config.LLM_THREADS, contextSize: 2048 });
	const byslug = new Map(data.taxonomy.map((c) => [c.slug, c]));
	let always = 0;
	let whenUnsure = 0;
	let embedding = 0;
	let inTop3 = 0;
	const started = performance.now();
	try {
		for (const [i, { exemplar, ranked }] of rankings.entries()) {
			const top = ranked.slice(0, 3).map((r) => byslug.get(r.slug)!);
			const answer = await llm.complete({
				system: 'You are a librarian who files audiobooks under store categories.',
				user:
					`Excerpt from an audiobook:\n"""${exemplar.text}"""\n\nWhich one of these categories fits the book best?\n` +
					top.map((c) => `- ${c.name}: ${c.description}`).join('\n') +
					'\n\nAnswer with the category name.',
				maxTokens: 40,
				jsonSchema: { type: 'object', properties: { category: { enum: top.map((c) => c.name) } }, required: ['category'] } as never,
				seed: 7
			});
			const picked = top.find((c) => c.name === (JSON.parse(answer) as { category: string }).category)?.slug ?? ranked[0]!.slug;
			const margin = ranked[0]!.score - ranked[1]!.score;
			embedding += Number(ranked[0]!.slug === exemplar.slug);
			inTop3 += Number(top.some((c) => c.slug === exemplar.slug));
			always += Number(picked === exemplar.slug);
			whenUnsure += Number((margin < minMargin ? picked : ranked[0]!.slug) === exemplar.slug);
			const done = i + 1;
			if (done % 25 === 0) console.log(`  … ${done}/${rankings.length}: LLM ${always}, embeddings ${embedding}, ${((performance.now() - started) / 1000 / done).toFixed(1)} s each`);
		}
	} finally {
		await llm.dispose();
	}
	const n = rankings.length;
	console.log(`\nLLM re-rank of the chosen method's top 3 (${llm.description}), leave-one-out on ${n} exemplars, ${((performance.now() - started) / 1000 / n).toFixed(1)} s each:`);
	console.log(`  embeddings alone top-1 ${share(embedding, n)} (the truth is in the top 3 for ${share(inTop3, n)})`);
	console.log(`  LLM picks among the top 3, always: top-1 ${share(always, n)}`);
	console.log(`  LLM picks only when the margin is under ${minMargin}: top-1 ${share(whenUnsure, n)}`);
}

/** The method the sidecar uses (categories.ts rankBook); the row whose margins set minMargin. */
const CHOSEN = 'linear discriminant, shrunk covariance (chosen)';

async function crossValidate(embedder: Embedder) {
	const data = await cvData(embedder);
	const en = data.exemplars.filter((e) => !e.thai).length;
	console.log(`leave-one-out on the built-in exemplars: ${data.exemplars.length} (${en} English, ${data.exemplars.length - en} Thai), ${data.slugs.length} categories`);
	console.log('method | all top-1 / top-3 | English | Thai | books of 3 windows + 1 off-topic, top-1 by pooling: mean / max / best half | books of 3 windows: mean / best half');
	let chosen: ReturnType<typeof leaveOneOut> | null = null;
	for (const candidate of CANDIDATES) {
		const r = leaveOneOut(data, candidate);
		if (candidate.name === CHOSEN) chosen = r;
		const t = (x: Tally) => `${share(x.top1, x.n)} / ${share(x.top3, x.n)}`;
		if (candidate.singleOnly) {
			console.log(`${candidate.name} | ${t(r.all)} | ${t(r.en)} | ${t(r.th)} | — | —`);
			continue;
		}
		const mixed = syntheticBooks(data, candidate, [{ kind: 'mean' }, { kind: 'max' }, { kind: 'half' }], true);
		const clean = syntheticBooks(data, candidate, [{ kind: 'mean' }, { kind: 'half' }], false);
		const p = (xs: Tally[]) => xs.map((x) => share(x.top1, x.n)).join(' / ');
		console.log(`${candidate.name} | ${t(r.all)} | ${t(r.en)} | ${t(r.th)} | ${p(mixed)} | ${p(clean)} (${clean[0]!.n} books each)`);
	}
	if (!chosen) throw new Error(`no candidate is named ${CHOSEN}`);
	assertSameAsClassifier(data, chosen.rankings);
	marginTable(chosen.rankings);
	if (process.env.CATEGORIES_LLM === '1') {
		// Every n-th exemplar (CATEGORIES_LLM_EVERY, default 1): the small LLM takes seconds a prompt on a busy CPU.
		const every = Math.max(1, Number(process.env.CATEGORIES_LLM_EVERY ?? 1));
		await llmRerank(data, chosen.rankings.filter((_, i) => i % every === 0), DEFAULT_MIN_MARGIN);
	}
}

async function passages(embedder: Embedder) {
	const items = loadPassages();
	const index = await buildCategoryIndex(embedder, storeTaxonomy());
	const groups = new Map<string, Tally>([['all', emptyTally()]]);
	const confusions = new Map<string, string[]>();
	let review = 0;
	for (const p of items) {
		const { ranked } = await classifyBook(embedder, p.text, index);
		const group = p.long ? 'long' : p.language;
		if (!groups.has(group)) groups.set(group, emptyTally());
		count(groups.get('all')!, ranked, p.category, p.also);
		count(groups.get(group)!, ranked, p.category, p.also);
		if (chooseCategories(ranked).lowConfidence) review++;
		if (![p.category, ...p.also].includes(ranked[0]!.slug as never)) {
			const key = `${p.category} → ${ranked[0]!.slug}`;
			confusions.set(key, [...(confusions.get(key) ?? []), `${p.id} (${p.category} ranked ${ranked.findIndex((r) => r.slug === p.category) + 1})`]);
		}
	}
	console.log(`\neval passages, text only (no speech, no ASR), the sidecar's classifier: ${items.length} passages`);
	for (const [group, t] of groups) console.log(`  ${group.padEnd(4)} ${String(t.n).padStart(3)}: top-1 ${share(t.top1, t.n)}, top-3 ${share(t.top3, t.n)}`);
	console.log(`  uncertain (margin < minMargin, sent to review): ${review}`);
	console.log('  confusions (true → first):');
	for (const [key, ids] of [...confusions].sort((a, b) => b[1].length - a[1].length)) console.log(`    ${key} ×${ids.length}: ${ids.join(', ')}`);
}

/**
 * The transcripts of the newest `make eval` report (eval/.cache/report-*.json; EVAL_REPORT names
 * another) through the classifier as it is now: what speech recognition left of each passage, so a
 * change to the classifier is measured on the words the pipeline really sees in seconds, not in the
 * hour `make eval` takes. The report's own figures are those of the classifier it ran with.
 */
async function speech(embedder: Embedder) {
	const file = process.env.EVAL_REPORT ?? newestReport();
	if (!file) {
		console.log('\nspeech: no make eval report in eval/.cache yet; run make eval first');
		return;
	}
	const report = JSON.parse(readFileSync(file, 'utf8')) as { items: Array<{ id: string; category: string; also: string[]; transcript: string | null; top1: boolean; top3: boolean }> };
	const index = await buildCategoryIndex(embedder, storeTaxonomy());
	const now = emptyTally();
	const then = emptyTally();
	let review = 0;
	for (const item of report.items) {
		if (!item.transcript?.trim()) continue;
		const { ranked, choice } = await classifyBook(embedder, item.transcript, index);
		count(now, ranked, item.category, item.also);
		then.n++;
		then.top1 += Number(item.top1);
		then.top3 += Number(item.top3);
		if (choice.lowConfidence) review++;
	}
	console.log(`\nspeech: the ${now.n} transcripts of ${path.basename(file)}, ranked now: top-1 ${share(now.top1, now.n)}, top-3 ${share(now.top3, now.n)}; uncertain ${review}`);
	console.log(`  the same report's own ranking: top-1 ${share(then.top1, then.n)}, top-3 ${share(then.top3, then.n)}`);
}

/**
 * eval/unseen.tsv: 34 passages (slug, tab, text) written on 2026-12-08 after the discriminant was
 * chosen and used for no choice since: 22 plain ones, one a category, 11 whose genre shows less, and
 * one fantasy tale set in a fishing village. Ranked by the classifier and, for comparison, by the
 * weighted mean it replaced (description weight CENTROID_WEIGHT), with each one's misses.
 */
async function unseen(embedder: Embedder) {
	const rows = readFileSync(path.resolve(import.meta.dirname, 'unseen.tsv'), 'utf8')
		.split('\n')
		.filter((line) => line.trim())
		.map((line) => {
			const [slug, text] = line.split('\t');
			if (!slug || !text || !(CATEGORY_SLUGS as readonly string[]).includes(slug)) throw new Error(`eval/unseen.tsv: not "slug<TAB>text": ${line.slice(0, 60)}`);
			return { slug, text };
		});
	const index = await buildCategoryIndex(embedder, storeTaxonomy());
	const vectors: CategoryVectors[] = index.categories.map((c) => ({ slug: c.slug, description: c.vector, exemplars: c.exemplars?.vectors ?? [], thai: [] }));
	const centroid = centroidScorer(vectors, index.background, CENTROID_WEIGHT);
	const tallies = { discriminant: emptyTally(), 'weighted mean': emptyTally() };
	const misses: string[] = [];
	for (const { slug, text } of rows) {
		const { ranked, windows } = await classifyBook(embedder, text, index);
		const mean = rankWith(centroid, index.categories.map((c) => c.slug), windows.map(centredBy(index.background)));
		count(tallies.discriminant, ranked, slug);
		count(tallies['weighted mean'], mean, slug);
		if (ranked[0]!.slug !== slug || mean[0]!.slug !== slug) misses.push(`    ${slug}: discriminant ${ranked.slice(0, 3).map((r) => r.slug).join(', ')}; mean ${mean.slice(0, 3).map((r) => r.slug).join(', ')}`);
	}
	console.log(`\nunseen passages (eval/unseen.tsv, text only): ${rows.length}`);
	for (const [name, t] of Object.entries(tallies)) console.log(`  ${name.padEnd(13)} top-1 ${t.top1}, top-3 ${t.top3}`);
	if (misses.length) console.log(`  where either missed:\n${misses.join('\n')}`);
}

function newestReport(): string | null {
	const reports = readdirSync(CACHE).filter((f) => /^report-.*\.json$/.test(f)).sort();
	return reports.length ? path.join(CACHE, reports.at(-1)!) : null;
}

const PARTS = ['cv', 'passages', 'speech', 'unseen'];
const parts = process.argv.slice(2);
const unknown = parts.filter((p) => !PARTS.includes(p));
if (unknown.length) {
	console.error(`unknown part ${unknown.join(', ')}: name cv, passages, speech, unseen or none (all four)`);
	process.exit(2);
}
const embedder = await cachedEmbedder();
try {
	if (parts.length === 0 || parts.includes('cv')) await crossValidate(embedder);
	if (parts.length === 0 || parts.includes('passages')) await passages(embedder);
	if (parts.length === 0 || parts.includes('speech')) await speech(embedder);
	if (parts.length === 0 || parts.includes('unseen')) await unseen(embedder);
} finally {
	embedder.save();
	await embedder.dispose();
}
