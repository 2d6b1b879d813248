/**
 * `npx tsx eval/chapters.ts [passage ids…]`: chapter boundaries on a few recordings, without the
 * whole eval. Each recording is spoken (eval/lib/synth.ts, cached), transcribed by the real sidecar
 * exactly as the transcribe step asks it (segments cached in eval/.cache/chapters/), and given to
 * the chapters step's finder; found starts are scored against the true ones (within 2 s).
 * Recordings: the long passages as written (spoken headings), the same without their headings
 * (topic and pauses only), and "topic mixes" (three short passages of one category per chapter,
 * three categories, no headings). CHAPTERS_ONLY=headings,no-headings,mix picks kinds, CHAPTERS_LANGUAGE=en|th a language.
 * Chapters found by topic are named by the sidecar's model as the step asks for them; the titles are
 * printed with a score (checks passed; a content word shared with the true chapter's subject), each
 * with the draws the sidecar judged and why it refused them.
 */
import { missingModels, startSidecar } from '../tests/helpers/pipeline';
import { measureChapters, transcribeSegments } from './lib/chapter-measure';
import { hasSpokenHeadings, topicMix, TOPIC_MIXES, totalScore, withoutHeadings, type BoundaryScore } from './lib/chapters';
import { loadPassages, type Passage } from './lib/passages';
import { synthesize } from './lib/synth';
import { titleChapters } from '../src/lib/server/chapters/topic-titles';
import { titleRecording, titleScoreLine, type TitleOutcome } from './lib/chapter-titles';

type Kind = 'headings' | 'no-headings' | 'mix';

const missing = missingModels();
if (missing) throw new Error(missing);
const all = loadPassages();
const longOnes = all.filter((p) => p.long && (process.argv.length <= 2 || process.argv.slice(2).includes(p.id)));
const only = process.env.CHAPTERS_ONLY?.split(',') as Kind[] | undefined;
const language = process.env.CHAPTERS_LANGUAGE;

const recordings: Array<{ kind: Kind; passage: Passage }> = [
	...longOnes.map((p) => ({ kind: hasSpokenHeadings(p) ? ('headings' as const) : ('no-headings' as const), passage: p })),
	...longOnes.filter(hasSpokenHeadings).map((p) => ({ kind: 'no-headings' as const, passage: withoutHeadings(p) })),
	...TOPIC_MIXES.map((m) => ({ kind: 'mix' as const, passage: topicMix(all, m.language, m.chapters) }))
].filter((r) => (!only || only.includes(r.kind)) && (!language || r.passage.language === language));

const sidecar = await startSidecar(undefined, Object.fromEntries(['ASR_MODEL_DIR', 'ASR_THREADS'].filter((n) => process.env[n]).map((n) => [n, process.env[n]!])));
const scores: Record<Kind, BoundaryScore[]> = { headings: [], 'no-headings': [], mix: [] };
const titled: Record<Kind, TitleOutcome[]> = { headings: [], 'no-headings': [], mix: [] };
try {
	for (const { kind, passage } of recordings) {
		const audio = await synthesize(passage);
		const started = performance.now();
		const { segments, cached } = await transcribeSegments(sidecar.url, audio, passage.language);
		if (!cached) console.log(`  (transcribed in ${((performance.now() - started) / 1000).toFixed(0)} s)`);
		const { found, trueStartsMs, score } = measureChapters(passage, audio, segments);
		scores[kind].push(score);
		const secs = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(1)).join(', ');
		console.log(`${kind.padEnd(11)} ${passage.id.padEnd(50)} ${audio.durationSeconds.toFixed(0)} s  true [${secs(trueStartsMs)}]  found [${secs(found.map((c) => c.startMs))}]  F1 ${score.f1.toFixed(2)}`);
		const titles = titleChapters(found, passage.language);
		const truth = passage.chapters?.map((c, i) => ({ startMs: trueStartsMs[i] ?? 0, topic: c.title }));
		const named = await titleRecording(sidecar.url, found, segments, { language: passage.language, durationMs: audio.durationSeconds * 1000, truth });
		titled[kind].push(...named);
		for (const [i, c] of found.entries()) {
			const n = named.find((o) => o.startMs === c.startMs);
			const verdict = !n ? '' : n.given ? `  (true: ${n.truth ?? '?'}${n.sharesWord ? ', shares a word' : ''})` : `  (kept its number: ${n.problems[0] ?? 'no title'})`;
			console.log(`${' '.repeat(12)}${(c.startMs / 1000).toFixed(1).padStart(6)} s  ${c.source}  ${n?.title ?? titles[i]}${verdict}`);
			for (const draw of n?.draws ?? []) console.log(`${' '.repeat(22)}${draw}`);
		}
	}
} finally {
	await sidecar.kill('SIGTERM');
}
for (const kind of ['headings', 'no-headings', 'mix'] as const) {
	if (!scores[kind].length) continue;
	const t = totalScore(scores[kind]);
	console.log(`${kind}: ${scores[kind].length} recordings, ${t.matched}/${t.truth} boundaries found, ${t.found} proposed: precision ${t.precision.toFixed(2)}, recall ${t.recall.toFixed(2)}, F1 ${t.f1.toFixed(2)}`);
	if (titled[kind].length) console.log(`${kind}: ${titleScoreLine(titled[kind])}`);
}
