/**
 * Migration 0004 makes transcripts composed before it searchable: their segments are copied into
 * transcript_search with the same seq and times the pipeline writes (on the configured database).
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

it('0004 indexes the transcripts that already exist', async () => {
	const dialect = testDialect();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-backfill-'));
	const url = await freshDatabaseUrl(dir, dialect);
	const db: Db = createDb(dialect === 'mysql' ? { dialect, url } : { dialect, file: url.slice('sqlite:'.length) });
	cleanups.push(async () => {
		await db.destroy();
		await dropDatabase(url);
	});
	// The schema as it was before 0004: only the earlier files in the migrations folder.
	const migrations = path.join(dir, 'migrations');
	mkdirSync(migrations);
	const files = readdirSync('migrations').filter((f) => f.endsWith(`.${dialect}.sql`));
	const copy = (f: string) => copyFileSync(path.join('migrations', f), path.join(migrations, f));
	files.filter((f) => f < '0004').forEach(copy);
	await migrateToLatest(db, migrations);

	const { bookId } = await insertBook(db);
	const segments = [
		{ start: 0, end: 2.5, text: ' Chapter one. ' },
		{ start: 2.5, end: 3, text: '   ' },
		{ start: 3.1234, end: 7, text: 'The ferry left at dawn.' }
	];
	await db.insertInto('transcripts').values({ book_id: bookId, text: 'Chapter one.\nThe ferry left at dawn.', segments: JSON.stringify(segments), created_at: Date.now() }).execute();

	files.forEach(copy);
	expect(await migrateToLatest(db, migrations)).toContain('0004_transcript_search');
	const rows = await db.selectFrom('transcript_search').select(['seq', 'start_ms', 'text']).where('book_id', '=', bookId).orderBy('seq').execute();
	expect(rows.map((r) => ({ ...r, start_ms: Number(r.start_ms) }))).toEqual([
		{ seq: 0, start_ms: 0, text: 'Chapter one.' },
		{ seq: 2, start_ms: 3123, text: 'The ferry left at dawn.' }
	]);
});
