/**
 * Migration 0010 gives books uploaded before it the chapters step: pending, between transcribe and
 * summarize, with the later steps moved down one place and their states kept (on the configured database).
 */
import { afterAll, expect, it } from 'vitest';
import { databaseBefore } from '../helpers/db';
import { insertBook } from '../helpers/pipeline';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
	for (const c of cleanups) await c();
});

it('0010 adds a pending chapters step to every book that has a pipeline', async () => {
	// The schema as it was before 0010: only the earlier migrations applied.
	const { db, close, migrateRest } = await databaseBefore('0010');
	cleanups.push(close);

	const { bookId } = await insertBook(db);
	const old = ['upload', 'transcribe', 'summarize', 'publish'] as const;
	await db
		.insertInto('pipeline_steps')
		.values(old.map((step, position) => ({ book_id: bookId, step, position, status: position < 3 ? ('succeeded' as const) : ('failed' as const), attempts: 1, updated_at: 1 })))
		.execute();
	const { bookId: withoutPipeline } = await insertBook(db);

	await migrateRest();
	const rows = await db.selectFrom('pipeline_steps').select(['step', 'position', 'status']).where('book_id', '=', bookId).orderBy('position').execute();
	expect(rows).toEqual([
		{ step: 'upload', position: 0, status: 'succeeded' },
		{ step: 'transcribe', position: 1, status: 'succeeded' },
		{ step: 'chapters', position: 2, status: 'pending' },
		{ step: 'summarize', position: 3, status: 'succeeded' },
		{ step: 'publish', position: 4, status: 'failed' }
	]);
	expect(await db.selectFrom('pipeline_steps').select('step').where('book_id', '=', withoutPipeline).execute()).toEqual([]);
});
