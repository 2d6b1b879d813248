/**
 * `npx tsx eval/search-recall.ts`: how often library search finds a known phrase at the right time.
 * A few eval passages per language are spoken sentence by sentence with espeak-ng (so each sentence's
 * start is known), transcribed by the real sidecar (POST /v1/transcribe, Whisper), and both the true
 * text and the sidecar's transcript are indexed in a fresh SQLite database the way the pipeline
 * indexes them; then each sentence's opening words go through the library search the API uses.
 * SEARCH_RECALL_EN / SEARCH_RECALL_TH: how many passages (default 3 each). Prints a table and JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rawClientOf, createDb, type Db } from '../src/lib/server/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { indexTranscript } from '../src/lib/server/catalog/transcript-search.repository';
import { searchLibrary } from '../src/lib/server/library/search';
import { insertBook, startSidecar, type Sidecar } from '../tests/helpers/pipeline';
import { loadPassages, type Passage } from './lib/passages';
import { openingPhrase, recall, sentencesOf, type PhraseOutcome } from './lib/search-recall';

const GAP_SECONDS = 0.6;
const VOICE = { en: 'en-us', th: 'th' } as const;

interface Recording {
	passage: Passage;
	file: string;
	sentences: { text: string; startMs: number }[];
}

const seconds = (file: string) =>
	Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());

/** The passage spoken sentence by sentence with a short pause after each; the sentences' start times. */
function record(passage: Passage, dir: string): Recording {
	const sentences: Recording['sentences'] = [];
	const parts: string[] = [];
	let at = 0;
	for (const [i, text] of sentencesOf(passage.text, passage.language).entries()) {
		const wav = path.join(dir, `${passage.id}-${i}.wav`);
		const txt = `${wav}.txt`;
		writeFileSync(txt, text);
		execFileSync('espeak-ng', ['-v', VOICE[passage.language], '-s', '165', '-f', txt, '-w', wav]);
		const padded = path.join(dir, `${passage.id}-${i}-padded.wav`);
		execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, '-af', `apad=pad_dur=${GAP_SECONDS}`, '-ar', '22050', '-ac', '1', padded]);
		sentences.push({ text, startMs: Math.round(at * 1000) });
		at += seconds(padded);
		parts.push(padded);
	}
	const list = path.join(dir, `${passage.id}.txt`);
	writeFileSync(list, parts.map((p) => `file '${p}'`).join('\n'));
	const file = path.join(dir, `${passage.id}.mp3`);
	execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-b:a', '64k', file]);
	return { passage, file, sentences };
}

/** The sidecar's segments for a recording, as the pipeline's transcribe step receives them. */
async function transcribe(sidecar: Sidecar, rec: Recording) {
	const res = await fetch(`${sidecar.url}/v1/transcribe`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ audio: { path: rec.file }, language: rec.passage.language })
	});
	if (!res.ok) throw new Error(`transcribe ${rec.passage.id}: HTTP ${res.status} ${await res.text()}`);
	const segments: { start: number; end: number; text: string }[] = [];
	for (const line of (await res.text()).split('\n').filter(Boolean)) {
		const msg = JSON.parse(line) as { type: string; segments?: typeof segments; message?: string };
		if (msg.type === 'chunk') segments.push(...msg.segments!);
		if (msg.type === 'error') throw new Error(`transcribe ${rec.passage.id}: ${msg.message}`);
	}
	return segments;
}

/** A fresh database with one listener who owns every book added (no order: foreign keys are off here). */
async function searchDatabase(dir: string) {
	const db = createDb({ dialect: 'sqlite', file: path.join(dir, 'search.db') });
	await migrateToLatest(db);
	const raw = rawClientOf(db);
	if (raw.dialect === 'sqlite') raw.sqlite.pragma('foreign_keys = OFF');
	const { userId } = await insertBook(db, { title: 'seed' });
	const addBook = async (title: string, segments: { start: number; text: string }[]) => {
		const { bookId } = await insertBook(db, { title });
		await db.insertInto('ownerships').values({ user_id: userId, book_id: bookId, order_id: 'eval', granted_at: Date.now() }).execute();
		await db.transaction().execute((trx) => indexTranscript(trx, bookId, segments));
		return bookId;
	};
	return { db, userId, addBook };
}

async function measure(db: Db, userId: string, bookId: string, rec: Recording): Promise<PhraseOutcome[]> {
	const outcomes: PhraseOutcome[] = [];
	for (const s of rec.sentences) {
		const phrase = openingPhrase(s.text, rec.passage.language);
		if (!phrase) continue;
		const page = await searchLibrary(db, userId, { q: phrase, offset: 0, limit: 50 });
		outcomes.push({ phrase, trueMs: s.startMs, foundMs: page.results.filter((r) => r.bookId === bookId).map((r) => r.atMs) });
	}
	return outcomes;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-search-recall-'));
const counts = { en: Number(process.env.SEARCH_RECALL_EN ?? 3), th: Number(process.env.SEARCH_RECALL_TH ?? 3) };
const passages = loadPassages().filter((p) => !p.long);
const chosen = (['en', 'th'] as const).flatMap((lang) => passages.filter((p) => p.language === lang).slice(0, counts[lang]));
const recordings = chosen.map((p) => record(p, dir));
const sidecar = await startSidecar();
try {
	const { db, userId, addBook } = await searchDatabase(dir);
	const rows: Record<string, { text: PhraseOutcome[]; audio: PhraseOutcome[] }> = { en: { text: [], audio: [] }, th: { text: [], audio: [] } };
	for (const rec of recordings) {
		const truth = await addBook(`${rec.passage.id} (text)`, rec.sentences.map((s) => ({ start: s.startMs / 1000, text: s.text })));
		const started = performance.now();
		const asr = await transcribe(sidecar, rec);
		const heard = await addBook(`${rec.passage.id} (audio)`, asr);
		const onText = await measure(db, userId, truth, rec);
		const onAudio = await measure(db, userId, heard, rec);
		rows[rec.passage.language]!.text.push(...onText);
		rows[rec.passage.language]!.audio.push(...onAudio);
		const missed = onAudio.filter((o) => !o.foundMs.some((ms) => Math.abs(ms - o.trueMs) <= 2000)).map((o) => o.phrase);
		console.log(
			`${rec.passage.id.padEnd(28)} ${rec.sentences.length} sentences, ${asr.length} ASR segments in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
				`text ${recall(onText).foundInTime}/${onText.length}, audio ${recall(onAudio).foundInTime}/${onAudio.length}` +
				(missed.length ? `; missed on audio: ${missed.slice(0, 4).join(' | ')}` : '')
		);
		console.log(`  heard: ${asr.map((s) => `[${s.start.toFixed(1)}] ${s.text.trim()}`).join(' ').slice(0, 300)}`);
	}
	const summary = Object.fromEntries(
		Object.entries(rows).map(([lang, r]) => [lang, { text: recall(r.text), audio: recall(r.audio) }])
	);
	console.log('\nlanguage  source  phrases  found(any time)  found(±2 s)  recall');
	for (const [lang, s] of Object.entries(summary)) {
		for (const source of ['text', 'audio'] as const) {
			const r = s[source];
			console.log(`${lang.padEnd(9)} ${source.padEnd(7)} ${String(r.phrases).padStart(7)}  ${String(r.foundAnywhere).padStart(15)}  ${String(r.foundInTime).padStart(11)}  ${(100 * r.recall).toFixed(1).padStart(5)} %`);
		}
	}
	console.log(JSON.stringify(summary));
	await db.destroy();
} finally {
	await sidecar.kill();
	rmSync(dir, { recursive: true, force: true });
}
