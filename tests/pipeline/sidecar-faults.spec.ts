/**
 * The pipeline against the REAL inference sidecar (Whisper base, SmolLM2) and the production build:
 * a sidecar killed mid-transcription, a runner killed mid-step, and an admin forcing a failed
 * pipeline to resume. Skipped, with the reason, when `make models` has not been run.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import * as outputs from '../../src/lib/server/pipeline/outputs.repository';
import * as steps from '../../src/lib/server/pipeline/steps.repository';
import { freePort, startTestApp, type TestApp } from '../helpers/app';
import { client, uniqueEmail } from '../helpers/http';
import { insertBook, LIGHTHOUSE_TEXT as TEXT, missingModels, putLocalBlob, startSidecar, waitFor, type Sidecar } from '../helpers/pipeline';
import { useSpeechFixture } from '../helpers/speech-fixture';

const missing = missingModels();
if (missing) console.warn(`[sidecar-faults] skipped: ${missing}`);

const FAST = { PIPELINE_POLL_MS: '100', PIPELINE_BACKOFF_MS: '200', PIPELINE_MAX_BACKOFF_MS: '1000', PIPELINE_LEASE_SECONDS: '3' };

const speech = useSpeechFixture(TEXT, missing);

async function bookWithAudio(app: TestApp): Promise<string> {
	const db = app.db();
	const { bookId } = await insertBook(db, { audioKey: undefined });
	const book = await db.selectFrom('books').select('audio_key').where('id', '=', bookId).executeTakeFirstOrThrow();
	putLocalBlob(app.dataDir, book.audio_key, speech.mp3);
	await steps.createSteps(db, bookId, Date.now());
	return bookId;
}

const step = (db: Db, bookId: string, name: 'transcribe' | 'publish') => steps.getStep(db, { bookId, step: name });

async function expectWholeTranscript(db: Db, bookId: string) {
	const chunks = await outputs.listChunks(db, bookId);
	expect(chunks.map((c) => c.chunk_index)).toEqual(chunks.map((_, i) => i));
	expect(chunks.length).toBeGreaterThanOrEqual(2);
	const transcript = await outputs.getTranscript(db, bookId);
	expect(transcript?.text.toLowerCase()).toContain('lighthouse');
	expect(transcript?.text.toLowerCase()).toContain('harbo');
	return chunks.length;
}

describe.skipIf(!!missing)('pipeline with the real sidecar', () => {
	it('survives the sidecar being killed mid-transcription: retries, then continues from its checkpoint', async () => {
		const first: Sidecar = await startSidecar();
		speech.cleanups.push(() => first.kill());
		const app = await startTestApp({ ...FAST, INFERENCE_URL: first.url, PIPELINE_MAX_ATTEMPTS: '50' });
		speech.cleanups.push(() => app.stop());
		const db = app.db();
		const bookId = await bookWithAudio(app);

		await waitFor('the first stored chunk', async () => (await outputs.resumeChunkIndex(db, bookId)) >= 1, 180_000);
		await first.kill('SIGKILL');
		const down = await waitFor('the step to report the lost sidecar', async () => {
			const s = await step(db, bookId, 'transcribe');
			return s?.error?.startsWith('connection failed') ? s : null;
		}, 30_000);
		expect(down.status).toMatch(/pending|running/);
		const stored = await outputs.resumeChunkIndex(db, bookId);
		const doneBeforeKill = first.transcribedChunks().filter((i) => i < stored);
		expect(doneBeforeKill.length).toBe(stored);

		const second = await startSidecar(first.port);
		speech.cleanups.push(() => second.kill());
		await waitFor('transcribe to succeed', async () => (await step(db, bookId, 'transcribe'))?.status === 'succeeded', 240_000, 250);
		const total = await expectWholeTranscript(db, bookId);
		// The new sidecar was asked to start after the stored chunks and never transcribed them again.
		expect(second.startChunks()).toEqual([stored]);
		expect(second.transcribedChunks()).toEqual(Array.from({ length: total - stored }, (_, i) => stored + i));
		await steps.cancel(db, bookId, Date.now()); // summarize is the third test's business
	}, 480_000);

	it('finishes a step whose runner was killed: the lease expires and another runner continues', async () => {
		const sidecar = await startSidecar();
		speech.cleanups.push(() => sidecar.kill());
		const env = { ...FAST, INFERENCE_URL: sidecar.url };
		const a = await startTestApp(env);
		speech.cleanups.push(() => a.stop());
		const db = a.db();
		const bookId = await bookWithAudio(a);

		await waitFor('the first stored chunk', async () => (await outputs.resumeChunkIndex(db, bookId)) >= 1, 180_000);
		const running = await step(db, bookId, 'transcribe');
		expect(running).toMatchObject({ status: 'running', attempts: 1 });
		process.kill(a.pid, 'SIGKILL');

		const b = await startTestApp({ ...env, DATA_DIR: a.dataDir, DATABASE_URL: a.databaseUrl });
		speech.cleanups.push(() => b.stop());
		await waitFor('transcribe to succeed on the second app', async () => (await step(db, bookId, 'transcribe'))?.status === 'succeeded', 240_000, 250);
		const done = await step(db, bookId, 'transcribe');
		expect(done?.attempts).toBe(2); // the crashed attempt counts
		await expectWholeTranscript(db, bookId);
		const starts = sidecar.startChunks();
		expect(starts[0]).toBe(0);
		expect(starts.at(-1)).toBeGreaterThanOrEqual(1); // the second runner resumed from the checkpoint
		await steps.cancel(db, bookId, Date.now());
	}, 480_000);

	it('admin forces the pipeline to resume: a pipeline failed on an unreachable sidecar completes (published, or in review with a reason)', async () => {
		const port = await freePort();
		const app = await startTestApp({ ...FAST, INFERENCE_URL: `http://127.0.0.1:${port}`, PIPELINE_MAX_ATTEMPTS: '2' });
		speech.cleanups.push(() => app.stop());
		const db = app.db();
		const bookId = await bookWithAudio(app);
		const c = client(app.url);
		const admin = (await c.post('/api/v1/auth/sign-in', app.admin)).body.accessToken as string;

		await waitFor('transcribe to fail', async () => (await step(db, bookId, 'transcribe'))?.status === 'failed', 30_000);
		const failed = await c.get(`/api/v1/admin/books/${bookId}/pipeline`, admin);
		expect(failed.status).toBe(200);
		const transcribe = failed.body.steps.find((s: { step: string }) => s.step === 'transcribe');
		expect(transcribe).toMatchObject({ status: 'failed', attempts: 2 });
		expect(transcribe.error).toMatch(/^connection failed/);
		expect(failed.body.events.some((e: { type: string; data: { status?: string } }) => e.type === 'step' && e.data.status === 'failed')).toBe(true);

		const listenerEmail = uniqueEmail('listener');
		const listener = (await c.post('/api/v1/auth/sign-up', { email: listenerEmail, password: 'correct horse battery', name: 'L' })).body.accessToken as string;
		expect((await c.post(`/api/v1/admin/books/${bookId}/pipeline/resume`, undefined, listener)).status).toBe(403);

		const sidecar = await startSidecar(port);
		speech.cleanups.push(() => sidecar.kill());
		const resumed = await c.post(`/api/v1/admin/books/${bookId}/pipeline/resume`, undefined, admin);
		expect(resumed.status).toBe(200);
		expect(resumed.body.steps.map((s: { status: string }) => s.status)).toEqual(['succeeded', 'pending', 'pending', 'pending', 'pending']);

		await waitFor('publish to finish', async () => {
			const s = await step(db, bookId, 'publish');
			const summarize = await steps.getStep(db, { bookId, step: 'summarize' });
			if (summarize?.status === 'failed') throw new Error(`summarize failed: ${summarize.error}`);
			return s?.status === 'succeeded';
		}, 420_000, 500);
		const book = await db.selectFrom('books').selectAll().where('id', '=', bookId).executeTakeFirstOrThrow();
		// No dead end: copy that passed every check is on sale; copy that missed one waits with the reason.
		expect(['published', 'review']).toContain(book.status);
		if (book.status === 'published') expect(book.description?.split(/\s+/).length).toBeGreaterThanOrEqual(12);
		else expect(book.review_reason).toBeTruthy();
		const summarize = await steps.getStep(db, { bookId, step: 'summarize' });
		expect(JSON.parse(summarize!.checkpoint!)).toMatchObject({ language: 'en', descriptionLanguage: 'en' });
		const categories = await db.selectFrom('book_categories').select('category_id').where('book_id', '=', bookId).execute();
		expect(categories.length).toBeGreaterThanOrEqual(1);

		const vtt = await fetch(`${app.url}/api/v1/library/${bookId}/transcript.vtt`, { headers: { authorization: `Bearer ${admin}` } });
		expect(vtt.status).toBe(200);
		expect(vtt.headers.get('content-type')).toContain('text/vtt');
		const body = await vtt.text();
		expect(body.startsWith('WEBVTT\n\n1\n00:00:00.000 --> ')).toBe(true);
		expect(body.toLowerCase()).toContain('lighthouse');
		const txt = await fetch(`${app.url}/api/v1/library/${bookId}/transcript.txt`, { headers: { authorization: `Bearer ${admin}` } });
		expect((await txt.text()).toLowerCase()).toContain('lighthouse');
		const notOwner = await fetch(`${app.url}/api/v1/library/${bookId}/transcript.txt`, { headers: { authorization: `Bearer ${listener}` } });
		expect(notOwner.status).toBe(404);
	}, 600_000);
});
