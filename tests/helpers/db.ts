/**
 * A database of its own for a test, on the configured dialect (TEST_DB), without an app: for specs of
 * repositories and migrations. `close` destroys the pool and drops the MariaDB database.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { dropDatabase, freshDatabaseUrl, testDialect, type TestDialect } from './app';

export interface TestDb {
	db: Db;
	dialect: TestDialect;
	close(): Promise<void>;
}

export async function freshDb(dialect = testDialect()): Promise<TestDb & { dir: string }> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-db-'));
	const url = await freshDatabaseUrl(dir, dialect);
	const db: Db = createDb(dialect === 'mysql' ? { dialect, url } : { dialect, file: url.slice('sqlite:'.length) });
	return {
		db,
		dialect,
		dir,
		async close() {
			await db.destroy();
			await dropDatabase(url);
		}
	};
}

/**
 * A fresh database with the schema as it was before migration `before` (a number prefix such as
 * '0010'); `migrateRest` applies the others and answers their names, as a deployment would.
 */
export async function databaseBefore(before: string): Promise<TestDb & { migrateRest(): Promise<string[]> }> {
	const fresh = await freshDb();
	const migrations = path.join(fresh.dir, 'migrations');
	mkdirSync(migrations);
	const files = readdirSync('migrations').filter((f) => f.endsWith(`.${fresh.dialect}.sql`));
	const copy = (f: string) => copyFileSync(path.join('migrations', f), path.join(migrations, f));
	files.filter((f) => f < before).forEach(copy);
	await migrateToLatest(fresh.db, migrations);
	return {
		db: fresh.db,
		dialect: fresh.dialect,
		close: fresh.close,
		async migrateRest() {
			files.filter((f) => f >= before).forEach(copy);
			return migrateToLatest(fresh.db, migrations);
		}
	};
}
