/** The SQL migrations give the same schema on SQLite and on MariaDB: tables, columns, nullability. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { dropDatabase, freshDatabaseUrl } from '../helpers/app';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
	for (const c of cleanups) await c();
});

async function shape(dialect: 'sqlite' | 'mysql') {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-schema-'));
	const url = await freshDatabaseUrl(dir, dialect);
	const db: Db = createDb(dialect === 'mysql' ? { dialect, url } : { dialect, file: url.slice(7) });
	cleanups.push(async () => {
		await db.destroy();
		await dropDatabase(url);
	});
	const applied = await migrateToLatest(db);
	expect(applied.length).toBeGreaterThan(0);
	expect(await migrateToLatest(db)).toEqual([]); // idempotent
	const tables = await db.introspection.getTables();
	return Object.fromEntries(
		tables
			.filter((t) => !t.name.startsWith('kysely_') && !t.name.includes('_fts'))
			.map((t) => [t.name, Object.fromEntries(t.columns.map((c) => [c.name, c.isNullable]))])
			.sort(([a], [b]) => String(a).localeCompare(String(b)))
	);
}

describe('migrations', () => {
	it('produce the same tables and columns on both databases', async () => {
		const [sqlite, mysql] = await Promise.all([shape('sqlite'), shape('mysql')]);
		expect(Object.keys(sqlite)).toContain('users');
		expect(mysql).toEqual(sqlite);
	});
});
