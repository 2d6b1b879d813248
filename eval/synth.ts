/**
 * `npx tsx eval/synth.ts`: makes (or finds in eval/.cache/audio/) the speech of every selected
 * passage and prints which voice, speed, pitch and noise each got. EVAL_ONLY (en, th, long) and
 * EVAL_LIMIT choose the items as in `make eval`.
 */
import { loadPassages, selectPassages } from './lib/passages';
import { runOptions } from './lib/options';
import { synthesize } from './lib/synth';
import { describeRendition } from './lib/voices';

const opts = runOptions(process.env);
const items = selectPassages(loadPassages(), opts);
const started = performance.now();
let made = 0;
for (const p of items) {
	const s = await synthesize(p);
	if (!s.cached) made++;
	console.log(`${p.id.padEnd(30)} ${s.durationSeconds.toFixed(1).padStart(6)} s  ${describeRendition(s.rendition)}${s.cached ? '' : '  (new)'}`);
}
console.log(`${items.length} items, ${made} made in ${((performance.now() - started) / 1000).toFixed(1)} s, the rest from eval/.cache/audio/`);
