/** The eval's one table, its summary and goals, and the JSON copy in eval/.cache/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GOALS } from '../goals';
import { rate, sumCounts, type ErrorCount } from './metrics';
import { totalScore, type BoundaryScore } from './chapters';
import { CACHE_DIR } from './synth';

export interface ItemResult {
	id: string;
	language: 'en' | 'th';
	long: boolean;
	category: string;
	also: string[];
	voice: string;
	audioSeconds: number;
	bookId: string | null;
	title: string;
	/** The book's status in the store at the end: published, review, draft… or "failed". */
	status: string;
	reviewReason: string | null;
	failure: string | null;
	seconds: number;
	pipelineErrors: ErrorCount | null;
	rawErrors: ErrorCount | null;
	transcript: string;
	rawTranscript: string | null;
	/** Chosen categories, best first (the summary checkpoint's order; the store lists them by name). */
	chosen: string[];
	ranking: string[];
	top1: boolean;
	top3: boolean;
	problems: string[];
	description: string | null;
	storeCategories: string[];
	detectedLanguage: string | null;
	descriptionLanguage: string | null;
	summaryAttempts: number | null;
	/** Long books read with spoken headings: the chapters the pipeline stored, scored against the true starts. */
	chapters: BoundaryScore | null;
	/** Long books without spoken headings (as written, or the same passage read again without them): topic and pauses only. */
	chaptersWithoutHeadings: BoundaryScore | null;
}

export interface Goal {
	name: string;
	value: number | null;
	format: 'count' | 'share' | 'ratio';
	limit: string;
	met: boolean | null;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const countBy = (values: string[]) => Object.fromEntries([...new Set(values)].sort().map((v) => [v, values.filter((x) => x === v).length]));

export function summarize(results: ItemResult[], wallSeconds: number) {
	const en = results.filter((r) => r.language === 'en');
	const th = results.filter((r) => r.language === 'th');
	const pooled = (rs: ItemResult[], side: 'pipelineErrors' | 'rawErrors') => {
		const counts = rs.map((r) => r[side]).filter((c): c is ErrorCount => c !== null);
		return counts.length ? rate(sumCounts(counts)) : null;
	};
	const failed = results.filter((r) => r.status === 'failed');
	const times = results.map((r) => r.seconds);
	const summary = {
		books: results.length,
		published: results.filter((r) => r.status === 'published').length,
		review: results.filter((r) => r.status === 'review').length,
		reviewReasons: countBy(results.filter((r) => r.status === 'review').map((r) => r.reviewReason ?? '(none given)')),
		failed: failed.length,
		failures: failed.map((r) => `${r.id}: ${r.failure}`),
		otherStatus: countBy(results.filter((r) => !['published', 'review', 'failed'].includes(r.status)).map((r) => r.status)),
		englishWer: { pipeline: pooled(en, 'pipelineErrors'), raw: pooled(en, 'rawErrors'), items: en.length },
		thaiCer: { pipeline: pooled(th, 'pipelineErrors'), raw: pooled(th, 'rawErrors'), items: th.length },
		top1: results.length ? results.filter((r) => r.top1).length / results.length : null,
		top3: results.length ? results.filter((r) => r.top3).length / results.length : null,
		problems: countBy(results.flatMap((r) => r.problems)),
		booksWithProblems: results.filter((r) => r.problems.length > 0).length,
		secondsPerBook: { mean: times.length ? times.reduce((a, b) => a + b, 0) / times.length : 0, max: Math.max(0, ...times) },
		wallSeconds,
		byVoice: byVoice(results),
		chapters: chapterTotal(results, 'chapters'),
		chaptersWithoutHeadings: chapterTotal(results, 'chaptersWithoutHeadings')
	};
	const werRatio = summary.englishWer.pipeline !== null && summary.englishWer.raw !== null ? ratio(summary.englishWer.pipeline, summary.englishWer.raw) : null;
	const goals: Goal[] = [
		{ name: 'books failed', value: summary.failed, format: 'count', limit: `≤ ${GOALS.failedBooksAtMost}`, met: summary.failed <= GOALS.failedBooksAtMost },
		{ name: 'category top-1', value: summary.top1, format: 'share', limit: `≥ ${GOALS.top1AtLeast}`, met: summary.top1 === null ? null : summary.top1 >= GOALS.top1AtLeast },
		{ name: 'category top-3', value: summary.top3, format: 'share', limit: `≥ ${GOALS.top3AtLeast}`, met: summary.top3 === null ? null : summary.top3 >= GOALS.top3AtLeast },
		{ name: 'English WER pipeline / raw', value: werRatio, format: 'ratio', limit: `≤ ${GOALS.englishWerOverRawAtMost}`, met: werRatio === null ? null : werRatio <= GOALS.englishWerOverRawAtMost },
		{
			name: 'Thai CER (pipeline)',
			value: summary.thaiCer.pipeline,
			format: 'share',
			limit: `≤ ${GOALS.thaiCerAtMost}`,
			met: summary.thaiCer.pipeline === null ? null : summary.thaiCer.pipeline <= GOALS.thaiCerAtMost
		},
		{
			name: 'chapter boundaries F1 (spoken headings)',
			value: summary.chapters?.f1 ?? null,
			format: 'share',
			limit: `≥ ${GOALS.chaptersWithHeadingsF1AtLeast}`,
			met: summary.chapters ? summary.chapters.f1 >= GOALS.chaptersWithHeadingsF1AtLeast : null
		}
	];
	return { summary, goals };
}

function chapterTotal(results: ItemResult[], side: 'chapters' | 'chaptersWithoutHeadings') {
	const scores = results.map((r) => r[side]).filter((c): c is BoundaryScore => c !== null);
	return scores.length ? { books: scores.length, ...totalScore(scores) } : null;
}

/** Both zero is a perfect match, not a division by zero. */
const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? 1 : Infinity) : a / b);

function byVoice(results: ItemResult[]) {
	const voices = [...new Set(results.map((r) => voiceName(r.voice)))].sort();
	return voices.map((voice) => {
		const rs = results.filter((r) => voiceName(r.voice) === voice);
		const counts = rs.map((r) => r.pipelineErrors).filter((c): c is ErrorCount => c !== null);
		const raw = rs.map((r) => r.rawErrors).filter((c): c is ErrorCount => c !== null);
		return { voice, items: rs.length, pipeline: counts.length ? rate(sumCounts(counts)) : null, raw: raw.length ? rate(sumCounts(raw)) : null };
	});
}

/** "espeak-ng en-gb ×1.1 p45 + pink 20 dB" → "espeak-ng en-gb". */
const voiceName = (rendition: string) => rendition.split(' ×')[0]!;

export function table(header: string[], rows: string[][]): string {
	const width = (s: string) => [...s.normalize('NFC')].filter((c) => !/\p{M}/u.test(c)).length;
	const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
	const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join('  ').trimEnd();
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Table cells stay on one screen; the summary and the JSON report keep the whole text. */
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const fmt = (v: number | null, asPct = true) => (v === null ? '—' : asPct ? pct(v) : v.toFixed(3));

export function printReport(results: ItemResult[], s: ReturnType<typeof summarize>, showcase: ItemResult[]) {
	const { summary, goals } = s;
	console.log(
		'\n' +
			table(
				['item', 'voice', 'audio', 'time', 'status', 'WER/CER', 'raw', 'true', 'chosen (ranking)', 'top1', 'top3', 'notes'],
				results.map((r) => [
					r.id,
					r.voice,
					`${r.audioSeconds.toFixed(0)} s`,
					`${r.seconds.toFixed(0)} s`,
					r.status,
					r.pipelineErrors ? pct(rate(r.pipelineErrors)) : '—',
					r.rawErrors ? pct(rate(r.rawErrors)) : '—',
					r.category + (r.also.length ? ` (+${r.also.join(',')})` : ''),
					r.chosen.join(',') + (r.ranking.length > r.chosen.length ? ` | ${r.ranking.slice(r.chosen.length, 3).join(',')}` : ''),
					r.top1 ? 'yes' : 'no',
					r.top3 ? 'yes' : 'no',
					clip(
						[r.failure, r.reviewReason && `review: ${r.reviewReason}`, r.problems.length ? `problems: ${r.problems.join(',')}` : null]
							.filter(Boolean)
							.join('; '),
						90
					)
				])
			)
	);
	console.log('\nBy voice (pooled error rate: WER for English voices, CER for Thai)');
	console.log(table(['voice', 'items', 'pipeline', 'raw'], summary.byVoice.map((v) => [v.voice, String(v.items), fmt(v.pipeline), fmt(v.raw)])));

	console.log('\nThree descriptions as the store shows them');
	for (const r of showcase) {
		console.log(`\n  ${r.title}  [${r.storeCategories.join(', ') || 'no categories'}]  (${r.id}, ${r.status})`);
		console.log(`  ${r.description ?? '(no description)'}`);
	}

	console.log('\nSummary');
	console.log(`  books: ${summary.books}; published ${summary.published}, in review ${summary.review}, failed ${summary.failed}${Object.keys(summary.otherStatus).length ? `, other ${JSON.stringify(summary.otherStatus)}` : ''}`);
	if (summary.review) console.log(`  review reasons: ${JSON.stringify(summary.reviewReasons)}`);
	for (const f of summary.failures) console.log(`  failed: ${f}`);
	console.log(`  English WER: pipeline ${fmt(summary.englishWer.pipeline)}, raw engine ${fmt(summary.englishWer.raw)} (${summary.englishWer.items} items)`);
	console.log(`  Thai CER: pipeline ${fmt(summary.thaiCer.pipeline)}, raw engine ${fmt(summary.thaiCer.raw)} (${summary.thaiCer.items} items)`);
	console.log(`  category: top-1 ${fmt(summary.top1)}, top-3 ${fmt(summary.top3)}`);
	console.log(`  copy checks: ${summary.booksWithProblems} book(s) with problems ${JSON.stringify(summary.problems)}`);
	const chapterLine = (c: typeof summary.chapters) =>
		c ? `F1 ${c.f1.toFixed(2)} (precision ${c.precision.toFixed(2)}, recall ${c.recall.toFixed(2)}; ${c.matched} of ${c.truth} boundaries found within 2 s, ${c.found} proposed, ${c.books} books)` : '— (no long book in this run)';
	console.log(`  chapters, spoken headings: ${chapterLine(summary.chapters)}`);
	console.log(`  chapters, no headings (topic and pauses): ${chapterLine(summary.chaptersWithoutHeadings)}`);
	console.log(`  time per book: mean ${summary.secondsPerBook.mean.toFixed(1)} s, max ${summary.secondsPerBook.max.toFixed(1)} s; total ${(summary.wallSeconds / 60).toFixed(1)} min`);
	console.log('\nGoals (eval/goals.ts)');
	console.log(
		table(
			['goal', 'value', 'limit', 'result'],
			goals.map((g) => [g.name, g.value === null ? '—' : g.format === 'count' ? String(g.value) : g.format === 'ratio' ? g.value.toFixed(3) : pct(g.value), g.limit, g.met === null ? 'n/a' : g.met ? 'met' : 'MISSED'])
		)
	);
}

export function writeReport(data: unknown): string {
	mkdirSync(CACHE_DIR, { recursive: true });
	const file = path.join(CACHE_DIR, `report-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
	writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}
