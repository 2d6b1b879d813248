/** The SQL migrations give the same schema on SQLite and on MariaDB: tables, columns, nullability. */
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { freshDb } from '../helpers/db';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
	for (const c of cleanups) await c();
});

async function shape(dialect: 'sqlite' | 'mysql') {
	const { db, close } = await freshDb(dialect);
	cleanups.push(close);
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
