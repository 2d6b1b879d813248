/**
 * The chapters step in the production build's runner (no sidecar needed: it reads the stored
 * transcript): it finds spoken headings, gives the same chapters when run again, finishes a step a
 * crashed runner left half done, and keeps chapters an admin or the audio file set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { signInAdmin } from '../helpers/admin-upload';
import { client } from '../helpers/http';
import { insertTranscribedBook, waitFor } from '../helpers/pipeline';

const DURATION_MS = 330_000;
/** A transcript as the transcribe step composes it: segments in seconds, headings spoken. */
const SEGMENTS = [
	{ start: 2, end: 7, text: 'Chapter One. The Fog. The fog came into the harbour.' },
	...Array.from({ length: 16 }, (_, i) => ({ start: 8 + i * 6, end: 13 + i * 6, text: 'Nora waited on the pier and listened to the water.' })),
	{ start: 110, end: 115, text: 'Chapter Two. The Keeper’s Cottage.' },
	...Array.from({ length: 16 }, (_, i) => ({ start: 116 + i * 6, end: 121 + i * 6, text: 'The old man sat in the kitchen with his hands folded.' })),
	{ start: 220, end: 226, text: 'Chapter Three. Eight Fifteen. She ran up the stairs.' },
	...Array.from({ length: 16 }, (_, i) => ({ start: 227 + i * 6, end: 232 + i * 6, text: 'The flame flickered in the lantern room above the rocks.' }))
];
const DETECTED = [
	{ startMs: 0, title: 'Chapter 1: The Fog', source: 'heading' },
	{ startMs: 110_000, title: 'Chapter 2: The Keeper’s Cottage', source: 'heading' },
	{ startMs: 220_000, title: 'Chapter 3: Eight Fifteen', source: 'heading' }
];

let app: TestApp;
let token: string;

beforeAll(async () => {
	// No sidecar: summarize after chapters retries against a closed port, which these tests do not wait for.
	app = await startTestApp({ PIPELINE_POLL_MS: '100', PIPELINE_BACKOFF_MS: '60000', PIPELINE_MAX_BACKOFF_MS: '60000', INFERENCE_URL: 'http://127.0.0.1:9' });
	token = await signInAdmin(app);
});
afterAll(async () => {
	await app?.stop();
});

/** A book whose chapters step is next (`prepare` runs before it can start). */
const transcribedBook = (prepare?: (bookId: string) => Promise<unknown>) =>
	insertTranscribedBook(app.db(), { segments: SEGMENTS, durationMs: DURATION_MS, language: 'en', prepare });

async function chaptersStep(bookId: string) {
	return app.db().selectFrom('pipeline_steps').selectAll().where('book_id', '=', bookId).where('step', '=', 'chapters').executeTakeFirstOrThrow();
}

async function doneAfter(bookId: string, generation: number) {
	return waitFor('the chapters step to succeed', async () => {
		const s = await chaptersStep(bookId);
		return s.status === 'succeeded' && Number(s.generation) >= generation && s;
	}, 60_000);
}

const chapters = async (bookId: string) => (await client(app.url).get(`/api/v1/admin/books/${bookId}/chapters`, token)).body.chapters;
const redo = (bookId: string) => client(app.url).post(`/api/v1/admin/books/${bookId}/pipeline/redo`, { step: 'chapters' }, token);

describe('the chapters step', () => {
	it('finds the spoken headings, logs them, and gives the same chapters on a redo', async () => {
		const bookId = await transcribedBook();
		const first = await doneAfter(bookId, 0);
		expect(await chapters(bookId)).toEqual(DETECTED);
		expect(JSON.parse(first.checkpoint!)).toEqual({ chapters: 3, source: 'heading', kept: false });
		const events = await app.db().selectFrom('pipeline_events').select('payload').where('book_id', '=', bookId).execute();
		const messages = events.map((e) => JSON.parse(e.payload).message as string | undefined);
		expect(messages).toContain('chapter at 0:01:50: Chapter 2: The Keeper’s Cottage');
		expect(messages).toContain('3 chapters found from spoken headings');

		expect((await redo(bookId)).status).toBe(200);
		await doneAfter(bookId, Number(first.generation) + 1);
		expect(await chapters(bookId)).toEqual(DETECTED);
	});

	it('finishes a step whose runner crashed half way, replacing what it left', async () => {
		const db = app.db();
		const bookId = await transcribedBook(async (id) => {
			// Claimed by a runner that died before it finished: its lease has run out.
			await db
				.updateTable('pipeline_steps')
				.set({ status: 'running', lease_owner: 'crashed-runner', lease_expires_at: Date.now() - 1_000, attempts: 1 })
				.where('book_id', '=', id)
				.where('step', '=', 'chapters')
				.execute();
			await db.insertInto('book_chapters').values({ book_id: id, position: 0, start_ms: 0, title: 'Chapter 1', source: 'topic' }).execute();
		});
		const done = await doneAfter(bookId, 0);
		expect(done.attempts).toBe(2);
		expect(await chapters(bookId)).toEqual(DETECTED);
	});

	it('keeps an admin’s chapters on a redo', async () => {
		const bookId = await transcribedBook();
		const first = await doneAfter(bookId, 0);
		const mine = [
			{ startMs: 0, title: 'Prologue' },
			{ startMs: 150_000, title: 'The Middle' }
		];
		expect((await client(app.url).put(`/api/v1/admin/books/${bookId}/chapters`, { chapters: mine }, token)).status).toBe(200);
		await redo(bookId);
		const again = await doneAfter(bookId, Number(first.generation) + 1);
		expect(JSON.parse(again.checkpoint!)).toEqual({ chapters: 2, source: 'admin', kept: true });
		expect(await chapters(bookId)).toEqual(mine.map((c) => ({ ...c, source: 'admin' })));
	});

	it('keeps an admin’s empty list on a redo: no chapters stays their choice', async () => {
		const bookId = await transcribedBook();
		const first = await doneAfter(bookId, 0);
		expect(await chapters(bookId)).toEqual(DETECTED);
		expect((await client(app.url).put(`/api/v1/admin/books/${bookId}/chapters`, { chapters: [] }, token)).status).toBe(200);
		await redo(bookId);
		const again = await doneAfter(bookId, Number(first.generation) + 1);
		expect(JSON.parse(again.checkpoint!)).toEqual({ chapters: 0, source: 'admin', kept: true });
		expect(await chapters(bookId)).toEqual([]);
	});

	it('keeps the chapters the audio file carried', async () => {
		// As the upload stores them, before the runner can reach the step.
		const bookId = await transcribedBook((id) =>
			app
				.db()
				.insertInto('book_chapters')
				.values([
					{ book_id: id, position: 0, start_ms: 0, title: 'Side A', source: 'file' },
					{ book_id: id, position: 1, start_ms: 160_000, title: 'Side B', source: 'file' }
				])
				.execute()
		);
		const done = await doneAfter(bookId, 0);
		expect(JSON.parse(done.checkpoint!)).toMatchObject({ source: 'file', kept: true });
		expect((await chapters(bookId)).map((c: { title: string }) => c.title)).toEqual(['Side A', 'Side B']);
	});
});
