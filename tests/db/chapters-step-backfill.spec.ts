/**
 * Migration 0010 gives books uploaded before it the chapters step: pending, between transcribe and
 * summarize, with the later steps moved down one place and their states kept (on the configured database).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { dropDatabase, freshDatabaseUrl, testDialect } from '../helpers/app';
import { insertBook } from '../helpers/pipeline';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
	for (const c of cleanups) await c();
});

it('0010 adds a pending chapters step to every book that has a pipeline', async () => {
	const dialect = testDialect();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-backfill-'));
	const url = await freshDatabaseUrl(dir, dialect);
	const db: Db = createDb(dialect === 'mysql' ? { dialect, url } : { dialect, file: url.slice('sqlite:'.length) });
	cleanups.push(async () => {
		await db.destroy();
		await dropDatabase(url);
	});
	const migrations = path.join(dir, 'migrations');
	mkdirSync(migrations);
	const files = readdirSync('migrations').filter((f) => f.endsWith(`.${dialect}.sql`));
	const copy = (f: string) => copyFileSync(path.join('migrations', f), path.join(migrations, f));
	files.filter((f) => f < '0010').forEach(copy);
	await migrateToLatest(db, migrations);

	const { bookId } = await insertBook(db);
	const old = ['upload', 'transcribe', 'summarize', 'publish'] as const;
	await db
		.insertInto('pipeline_steps')
		.values(old.map((step, position) => ({ book_id: bookId, step, position, status: position < 3 ? ('succeeded' as const) : ('failed' as const), attempts: 1, updated_at: 1 })))
		.execute();
	const { bookId: withoutPipeline } = await insertBook(db);

	files.filter((f) => f >= '0010').forEach(copy);
	await migrateToLatest(db, migrations);
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
