/**
 * Forward-only SQL migrations from migrations/NNNN_name.<dialect>.sql, applied through Kysely's
 * Migrator (which records them and takes a lock so two instances starting together do not race).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { dialectOf, type Db, type Dialect } from './index';

export function defaultMigrationsDir(): string {
	return path.resolve(process.env.MIGRATIONS_DIR ?? 'migrations');
}

/**
 * Splits a migration file into statements: each ends with `;` at the end of a line, except inside a
 * trigger body, which ends with a line `END;`. Whole-line `--` comments are dropped.
 */
export function splitStatements(text: string): string[] {
	const statements: string[] = [];
	let current: string[] = [];
	for (const line of text.split('\n')) {
		if (line.trim().startsWith('--')) continue;
		current.push(line);
		const inTrigger = /^\s*CREATE\s+TRIGGER\b/i.test(current.join('\n'));
		const ends = inTrigger ? /^\s*END;\s*$/i.test(line) : /;\s*$/.test(line);
		if (ends) {
			statements.push(current.join('\n').trim().replace(/;$/, ''));
			current = [];
		}
	}
	const rest = current.join('\n').trim();
	if (rest) statements.push(rest);
	return statements.filter((s) => s.length > 0);
}

class SqlFileProvider implements MigrationProvider {
	constructor(
		private readonly dir: string,
		private readonly dialect: Dialect
	) {}

	async getMigrations(): Promise<Record<string, Migration>> {
		const suffix = `.${this.dialect}.sql`;
		const migrations: Record<string, Migration> = {};
		for (const file of readdirSync(this.dir).sort()) {
			if (!file.endsWith(suffix)) continue;
			const statements = splitStatements(readFileSync(path.join(this.dir, file), 'utf8'));
			migrations[file.slice(0, -suffix.length)] = {
				up: async (db) => {
					for (const statement of statements) await sql.raw(statement).execute(db);
				}
			};
		}
		return migrations;
	}
}

export async function migrateToLatest(db: Db, dir = defaultMigrationsDir()): Promise<string[]> {
	const migrator = new Migrator({ db, provider: new SqlFileProvider(dir, dialectOf(db)) });
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error || failed) {
		const which = failed ? ` in ${failed.migrationName}` : '';
		throw new Error(`Migration failed${which}: ${(error as Error)?.message ?? error}`);
	}
	return (results ?? []).map((r) => r.migrationName);
}
