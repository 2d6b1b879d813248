/**
 * Migration 0004 makes transcripts composed before it searchable: their segments are copied into
 * transcript_search with the same seq and times the pipeline writes (on the configured database).
 */
import { afterAll, expect, it } from 'vitest';
import { databaseBefore } from '../helpers/db';
import { insertBook } from '../helpers/pipeline';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
	for (const c of cleanups) await c();
});

it('0004 indexes the transcripts that already exist', async () => {
	// The schema as it was before 0004: only the earlier migrations applied.
	const { db, close, migrateRest } = await databaseBefore('0004');
	cleanups.push(close);

	const { bookId } = await insertBook(db);
	const segments = [
		{ start: 0, end: 2.5, text: ' Chapter one. ' },
		{ start: 2.5, end: 3, text: '   ' },
		{ start: 3.1234, end: 7, text: 'The ferry left at dawn.' }
	];
	await db.insertInto('transcripts').values({ book_id: bookId, text: 'Chapter one.\nThe ferry left at dawn.', segments: JSON.stringify(segments), created_at: Date.now() }).execute();

	expect(await migrateRest()).toContain('0004_transcript_search');
	const rows = await db.selectFrom('transcript_search').select(['seq', 'start_ms', 'text']).where('book_id', '=', bookId).orderBy('seq').execute();
	expect(rows.map((r) => ({ ...r, start_ms: Number(r.start_ms) }))).toEqual([
		{ seq: 0, start_ms: 0, text: 'Chapter one.' },
		{ seq: 2, start_ms: 3123, text: 'The ferry left at dawn.' }
	]);
});
