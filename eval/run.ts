/**
 * `make eval`: the real pipeline on books it has never seen. Every selected passage of
 * eval/passages/ is spoken (eval/lib/synth.ts, cached), uploaded through the admin API of the
 * production build as an admin would (title, author, price, language, audio) with the real
 * inference sidecar behind it, followed until its pipeline settles, and read back. Then the same
 * audio goes through sherpa-onnx directly (the "raw engine"), and one table, a summary and the
 * goals of eval/goals.ts are printed; a missed goal exits 1. A JSON copy goes to
 * eval/.cache/report-<time>.json.
 *
 * Knobs (environment): EVAL_LIMIT (the first N of a mixed order), EVAL_ONLY (en, th or long),
 * EVAL_PROVIDER (local, or openai: llama.cpp's llama-server from inference/scripts/provider-servers.sh
 * writes the summaries, chosen per book through the admin API), EVAL_CONCURRENCY (books in flight,
 * 1), EVAL_TIMEOUT_FACTOR (minutes per minute of audio, plus 10, before a book counts as stuck: 8).
 * The sidecar's own variables (ASR_MODEL_DIR, LLM_MODEL_PATH, ASR_THREADS…) pass through to it.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../tests/helpers/app';
import { client } from '../tests/helpers/http';
import { envFrom, missingModels, startSidecar, type Sidecar } from '../tests/helpers/pipeline';
import { GOALS } from './goals';
import { transcriptErrors } from './lib/metrics';
import { runOptions } from './lib/options';
import { CATEGORY_SLUGS, loadPassages, selectPassages, type Passage } from './lib/passages';
import { rawAsr } from './lib/raw-asr';
import { printReport, summarize, writeReport, type ItemResult } from './lib/report';
import { adminSession, setStepProvider, uploadBook, waitUntilSettled } from './lib/store';
import { synthesize, type Synthesized } from './lib/synth';
import { hasSpokenHeadings, scoreBoundaries, withoutHeadings } from './lib/chapters';
import { measureChapters, transcribeSegments } from './lib/chapter-measure';
import { titleRecording, titleScoreLine, type TitleOutcome } from './lib/chapter-titles';
import { describeRendition } from './lib/voices';

const opts = runOptions(process.env);
const root = path.resolve(import.meta.dirname, '..');
const missing = missingModels();
if (missing) fail(`make eval needs the sidecar's models: ${missing}`);
if (!existsSync(path.join(root, 'build/handler.js'))) fail('no production build in build/: run `make eval` (it builds first) or `make build`');

const items = selectPassages(loadPassages(), opts);
if (items.length === 0) fail('no passage matches EVAL_ONLY / EVAL_LIMIT');
console.log(
	`eval: ${items.length} books (${items.filter((p) => p.language === 'en').length} English, ${items.filter((p) => p.language === 'th').length} Thai, ` +
		`${items.filter((p) => p.long).length} long); summaries by the ${opts.provider} provider; ${opts.concurrency} in flight; ${os.cpus().length} CPUs`
);

const audio = new Map<string, Synthesized>();
const synthStarted = performance.now();
for (const p of items) audio.set(p.id, await synthesize(p));
const made = [...audio.values()].filter((s) => !s.cached).length;
console.log(`speech: ${made} made, ${items.length - made} from the cache, in ${((performance.now() - synthStarted) / 1000).toFixed(0)} s`);

const results: ItemResult[] = new Array(items.length);
let wallSeconds = 0;
/** Set when the app or the sidecar died: the books not yet done are left out and the run fails. */
const run = { aborted: null as string | null };
let llama: { baseUrl: string; stop(): Promise<void> } | undefined;
let sidecar: Sidecar | undefined;
let app: TestApp | undefined;
try {
	const sidecarEnv: Record<string, string> = envFrom(['ASR_MODEL_DIR', 'ASR_THREADS', 'LLM_MODEL_PATH', 'LLM_THREADS', 'LLM_CONTEXT_SIZE']);
	if (opts.provider === 'openai') {
		const { startLlamaServer, defaultGguf } = await import('../inference/src/providers/test-servers');
		llama = await startLlamaServer({ ctxSize: 4096 });
		Object.assign(sidecarEnv, {
			OPENAI_BASE_URL: llama.baseUrl,
			OPENAI_LLM_MODEL: path.basename(process.env.LLM_MODEL_PATH ?? defaultGguf, '.gguf'),
			OPENAI_CONTEXT_SIZE: '4096'
		});
	}
	sidecar = await startSidecar(undefined, sidecarEnv);
	// The test helper points mail at the tests' SMTP sink; the eval has none, and unset sends mail to the outbox.
	app = await startTestApp({ INFERENCE_URL: sidecar.url, SMTP_URL: undefined as unknown as string });
	await checkTaxonomy(app);
	const session = adminSession(app);
	const started = performance.now();
	let finished = 0;
	await inPool(items, opts.concurrency, async (p, i) => {
		run.aborted ??= processGone(app!, sidecar!);
		if (run.aborted) return;
		const r = await runBook(app!, session, p, audio.get(p.id)!);
		// A book the eval lost because the app or the sidecar died says nothing about the pipeline: left out.
		run.aborted ??= processGone(app!, sidecar!);
		if (run.aborted) return;
		results[i] = r;
		finished++;
		const err = r.pipelineErrors ? `${p.language === 'th' ? 'CER' : 'WER'} ${((r.pipelineErrors.errors / Math.max(1, r.pipelineErrors.units)) * 100).toFixed(1)}%` : '';
		console.log(`[${finished}/${items.length}] ${p.id} ${r.status} in ${r.seconds.toFixed(0)} s; ${err}; ${p.category} → ${r.chosen.join(',') || '—'}${r.failure ? `; ${r.failure}` : ''}`);
	});
	wallSeconds = (performance.now() - started) / 1000;
	const titles: TitleOutcome[] = [];
	// Chapters without spoken headings: each long passage read again without them, transcribed by the
	// same sidecar and given to the chapters step's finder (topic and pauses are all it has then).
	for (const [i, p] of items.entries()) {
		if (!p.long || !hasSpokenHeadings(p) || !results[i] || run.aborted) continue;
		const plain = withoutHeadings(p);
		const speech = await synthesize(plain);
		const { segments } = await transcribeSegments(sidecar!.url, speech, p.language);
		const measured = measureChapters(plain, speech, segments);
		results[i]!.chaptersWithoutHeadings = measured.score;
		console.log(`chapters without headings: ${p.id} F1 ${measured.score.f1.toFixed(2)}`);
		// Their titles, as the chapters step asks the model for them, against the true chapters' headings.
		const truth = plain.chapters?.map((c, k) => ({ startMs: measured.trueStartsMs[k] ?? 0, topic: c.title }));
		const named = await titleRecording(sidecar!.url, measured.found, segments, { language: p.language, durationMs: speech.durationSeconds * 1000, truth, provider: opts.provider });
		titles.push(...named);
		for (const n of named) console.log(`  ${(n.startMs / 1000).toFixed(0).padStart(5)} s  ${n.title}  ${n.given ? `(true: ${n.truth ?? '?'})` : `(kept its number: ${n.problems[0] ?? 'no title'})`}`);
	}
	if (titles.length) console.log(titleScoreLine(titles));
} finally {
	await app?.stop();
	await sidecar?.kill('SIGTERM');
	await llama?.stop();
}

if (run.aborted) console.error(`eval: stopped early, ${results.filter(Boolean).length} of ${items.length} books done: ${run.aborted}`);
console.log('raw engine: the same audio through sherpa-onnx directly…');
const raw = rawAsr();
try {
	for (const [i, p] of items.entries()) {
		if (!results[i]) continue;
		const s = audio.get(p.id)!;
		const { text } = await raw.transcribe(s.file, s.key, p.language);
		results[i]!.rawTranscript = text;
		results[i]!.rawErrors = transcriptErrors(p.language, p.text, text);
	}
} finally {
	await raw.stop();
}

const done = results.filter(Boolean);
const s = summarize(done, wallSeconds);
printReport(done, s, showcase(done));
const file = writeReport({
	finishedAt: new Date().toISOString(),
	options: opts,
	cpus: os.cpus().length,
	goals: GOALS,
	summary: s.summary,
	goalResults: s.goals,
	aborted: run.aborted,
	items: done
});
console.log(`\nreport written to ${path.relative(process.cwd(), file)}`);
if (run.aborted) console.error(`\neval: incomplete run: ${run.aborted.split('\n')[0]}`);
if (run.aborted || s.goals.some((g) => g.met === false)) process.exitCode = 1;

async function runBook(app: TestApp, session: () => Promise<string>, p: Passage, s: Synthesized): Promise<ItemResult> {
	const base: ItemResult = {
		id: p.id,
		language: p.language,
		long: p.long,
		category: p.category,
		also: p.also,
		voice: describeRendition(s.rendition),
		audioSeconds: s.durationSeconds,
		bookId: null,
		title: titleFor(p),
		status: 'failed',
		reviewReason: null,
		failure: null,
		seconds: 0,
		pipelineErrors: null,
		rawErrors: null,
		transcript: '',
		rawTranscript: null,
		chosen: [],
		ranking: [],
		top1: false,
		top3: false,
		problems: [],
		description: null,
		storeCategories: [],
		detectedLanguage: null,
		descriptionLanguage: null,
		summaryAttempts: null,
		chapters: null,
		chaptersWithoutHeadings: null
	};
	const started = performance.now();
	try {
		const bookId = await uploadBook(app, await session(), { title: base.title, author: 'Earshelf Eval', priceMinor: 19900, language: p.language, file: s.file });
		base.bookId = bookId;
		// Transcription comes first and takes a while, so the summary step is still pending here.
		if (opts.provider === 'openai') await setStepProvider(app, await session(), bookId, 'summarize', 'openai');
		const timeoutMs = (10 + (opts.timeoutFactor * s.durationSeconds) / 60) * 60_000;
		const settled = await waitUntilSettled(app, session, bookId, timeoutMs);
		base.seconds = (performance.now() - started) / 1000;
		const chosen = settled.summary?.categories ?? settled.book.categories.map((c) => c.slug);
		const ranking = settled.summary?.ranking.map((r) => r.slug) ?? chosen;
		Object.assign(base, {
			status: settled.failedStep || settled.timedOut ? 'failed' : settled.book.status,
			reviewReason: settled.book.reviewReason,
			failure: settled.failedStep
				? `${settled.failedStep.step} ${settled.failedStep.status}: ${settled.failedStep.error ?? 'no error given'}`
				: settled.timedOut
					? `not settled after ${(timeoutMs / 60_000).toFixed(0)} min (${settled.steps.map((x) => `${x.step} ${x.status}`).join(', ')})`
					: null,
			transcript: settled.transcript,
			pipelineErrors: transcriptErrors(p.language, p.text, settled.transcript),
			chosen,
			ranking: ranking.length ? ranking : chosen,
			top1: chosen.length > 0 && [p.category, ...p.also].includes(chosen[0] as never),
			top3: (ranking.length ? ranking : chosen).slice(0, 3).includes(p.category),
			problems: settled.summary?.problems.map((x) => x.code) ?? [],
			description: settled.book.description ?? settled.summary?.description ?? null,
			storeCategories: settled.book.categories.map((c) => c.name),
			detectedLanguage: settled.summary?.language ?? null,
			descriptionLanguage: settled.summary?.descriptionLanguage ?? null,
			summaryAttempts: settled.summary?.attempts ?? null,
		} satisfies Partial<ItemResult>);
		// A long passage read without headings counts towards the chapters found by topic and pauses.
		if (p.long) base[hasSpokenHeadings(p) ? 'chapters' : 'chaptersWithoutHeadings'] = await storedChapterScore(app, await session(), bookId, s);
	} catch (e) {
		base.seconds = (performance.now() - started) / 1000;
		base.failure = `the eval could not follow this book: ${(e as Error).message}`;
	}
	return base;
}

/** The chapters the pipeline stored for the book, against where each chapter's speech begins. */
async function storedChapterScore(app: TestApp, token: string, bookId: string, s: Synthesized) {
	const res = await client(app.url).get<{ chapters: { startMs: number }[] }>(`/api/v1/admin/books/${bookId}/chapters`, token);
	if (res.status !== 200) throw new Error(`reading the chapters failed: ${res.status}`);
	return scoreBoundaries(res.body.chapters.map((c) => c.startMs), s.chapterStartsSeconds.map((x) => Math.round(x * 1000)));
}

/** A neutral title: the passage's id would tell the classifier its category. */
function titleFor(p: Passage): string {
	return `Evaluation Book ${createHash('sha256').update(p.id).digest('hex').slice(0, 6).toUpperCase()}`;
}

/** The passages are labelled with the seeded taxonomy; a store without one of its slugs could never match it. */
async function checkTaxonomy(app: TestApp) {
	const res = await client(app.url).get<{ categories: { slug: string }[] }>('/api/v1/catalog/categories');
	const slugs = new Set((res.body?.categories ?? []).map((c) => c.slug));
	const absent = CATEGORY_SLUGS.filter((c) => !slugs.has(c));
	if (absent.length) throw new Error(`the store's taxonomy lacks ${absent.join(', ')}: update eval/lib/passages.ts and the passages' labels together`);
}

/** One English short, one Thai, one long book, where the run has them. */
function showcase(rs: ItemResult[]): ItemResult[] {
	const picks = [rs.find((r) => r.language === 'en' && !r.long && r.description), rs.find((r) => r.language === 'th' && r.description), rs.find((r) => r.long && r.description)];
	const chosen = picks.filter((r): r is ItemResult => r !== undefined);
	for (const r of rs) if (chosen.length < 3 && r.description && !chosen.includes(r)) chosen.push(r);
	return chosen;
}

async function inPool<T>(list: T[], size: number, work: (item: T, index: number) => Promise<void>) {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(size, list.length) }, async () => {
			while (next < list.length) {
				const i = next++;
				await work(list[i]!, i);
			}
		})
	);
}

/** Why the run cannot go on (the app or the sidecar process has ended, with its last output), or null. */
function processGone(app: TestApp, sidecar: Sidecar): string | null {
	const alive = (pid: number) => {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	if (!alive(app.pid)) return `the app (pid ${app.pid}) ended during the run; its last output:\n${app.output().slice(-3000)}`;
	if (!alive(sidecar.pid)) return `the sidecar (pid ${sidecar.pid}) ended during the run; its last output:\n${sidecar.output().slice(-3000)}`;
	return null;
}

function fail(message: string): never {
	console.error(`eval: ${message}`);
	process.exit(1);
}
