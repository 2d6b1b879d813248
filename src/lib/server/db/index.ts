/**
 * The Kysely instance for either dialect: MySQL (mysql2 pool) in production, SQLite (better-sqlite3) as
 * the embedded default. Everything above this file is dialect-agnostic; repositories that need a
 * dialect-specific statement ask `dialectOf(db)`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, MysqlAdapter, MysqlDialect, SqliteDialect } from 'kysely';
import { createPool, type Pool } from 'mysql2';
import type { Database } from './schema';

export type Dialect = 'mysql' | 'sqlite';
export type DatabaseConfig = { dialect: 'sqlite'; file: string } | { dialect: 'mysql'; url: string };
export type Db = Kysely<Database>;

export function createDb(cfg: DatabaseConfig): Db {
	if (cfg.dialect === 'mysql') {
		const pool = createPool({
			uri: cfg.url,
			connectionLimit: 10,
			timezone: 'Z',
			supportBigNumbers: true,
			bigNumberStrings: false,
			// BIGINT epoch-ms columns come back as numbers; DECIMAL sums as numbers too.
			decimalNumbers: true
		});
		// READ COMMITTED, not InnoDB's REPEATABLE READ: searches then lock the rows they find but not
		// the gaps between them, so two instances writing different books' rows (a transcript's, the
		// search words', a book's categories) do not deadlock on each other's gaps. Every write that
		// must see the latest row reads it with FOR UPDATE, which behaves the same at both levels.
		pool.on('connection', (connection) => connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED'));
		const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
		rawClients.set(db, { dialect: 'mysql', pool, database: decodeURIComponent(new URL(cfg.url).pathname.slice(1)) });
		return db;
	}
	const sqlite = openSqlite(cfg.file);
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	rawClients.set(db, { dialect: 'sqlite', sqlite });
	return db;
}

/** The driver's own client under a Kysely instance, for a library that speaks to it directly. */
export type RawClient = { dialect: 'mysql'; pool: Pool; database: string } | { dialect: 'sqlite'; sqlite: SqliteDatabase.Database };
const rawClients = new WeakMap<Db, RawClient>();

export function rawClientOf(db: Db): RawClient {
	const client = rawClients.get(db);
	if (!client) throw new Error('rawClientOf: this Kysely instance was not made by createDb');
	return client;
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs more than running a small
 * query, so statements are kept per SQL text. Reuse is safe: better-sqlite3 runs each one to the end
 * synchronously before Kysely issues the next.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 500): SqliteDatabase.Database {
	const cache = new Map<string, SqliteDatabase.Statement>();
	const prepare = sqlite.prepare.bind(sqlite);
	return new Proxy(sqlite, {
		get(target, prop, receiver) {
			if (prop !== 'prepare') return Reflect.get(target, prop, receiver);
			return (source: string) => {
				let stmt = cache.get(source);
				if (!stmt) {
					stmt = prepare(source);
					if (cache.size >= max) cache.delete(cache.keys().next().value as string);
					cache.set(source, stmt);
				}
				return stmt;
			};
		}
	});
}

function openSqlite(file: string): SqliteDatabase.Database {
	if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
	const sqlite = new SqliteDatabase(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	return withStatementCache(sqlite);
}

/**
 * A database error that the same work, tried again, can get past: MariaDB's deadlock (1213: InnoDB
 * rolled this transaction back to let another go on) and lock wait timeout (1205), a connection lost
 * mid-statement or refused, SQLite's busy or locked database. The pipeline retries a step that failed
 * on one with its backoff (runner.ts) rather than failing the book for good.
 */
export function isTransientDbError(e: unknown): boolean {
	if (isLockConflict(e)) return true;
	const code = (e as { code?: unknown } | null)?.code;
	if (typeof code !== 'string') return false;
	return TRANSIENT_CODES.has(code) || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}
const TRANSIENT_CODES = new Set(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE']);

/** MariaDB gave up on this transaction for another's locks: a deadlock (1213) or a lock wait timeout (1205). */
function isLockConflict(e: unknown): boolean {
	const err = e as { code?: unknown; errno?: unknown } | null;
	return err?.errno === 1213 || err?.errno === 1205 || err?.code === 'ER_LOCK_DEADLOCK' || err?.code === 'ER_LOCK_WAIT_TIMEOUT';
}

/**
 * Runs a transaction again when MariaDB chose it as a deadlock's victim (InnoDB rolls the whole
 * transaction back and asks for exactly this), up to `attempts` times with a short random pause.
 * Only for work that is whole inside `work` (it reads and writes nothing it kept from a failed try).
 */
export async function retryDeadlocks<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await work();
		} catch (e) {
			if (attempt >= attempts || !isLockConflict(e)) throw e;
			await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
		}
	}
}

/** Works for transactions too: they share the executor's adapter. */
export function dialectOf(db: Kysely<any>): Dialect { // eslint-disable-line @typescript-eslint/no-explicit-any
	return db.getExecutor().adapter instanceof MysqlAdapter ? 'mysql' : 'sqlite';
}

/** Parses a DATABASE_URL value (mysql://… or sqlite:path). */
export function parseDatabaseUrl(url: string): DatabaseConfig {
	if (url.startsWith('mysql:')) return { dialect: 'mysql', url };
	if (url.startsWith('sqlite:')) return { dialect: 'sqlite', file: path.resolve(url.slice(7)) };
	throw new Error(`DATABASE_URL must start with mysql:// or sqlite: (got ${url.split(':')[0]}:…)`);
}
