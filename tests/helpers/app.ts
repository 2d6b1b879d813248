/**
 * Starts the production build (node server.js) as a child process on a free port, against a fresh
 * SQLite file or a fresh MariaDB database, with its own data directory. Tests talk to it over HTTP and
 * may open the same database directly to look at what was stored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';
import { createDb, type Db } from '../../src/lib/server/db';

export type TestDialect = 'sqlite' | 'mysql';

export function testDialect(): TestDialect {
	return process.env.TEST_DB === 'mysql' ? 'mysql' : 'sqlite';
}

export const MYSQL_BASE_URL = process.env.TEST_MYSQL_URL ?? 'mysql://earshelf:earshelf@127.0.0.1:3307';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.listen(0, '127.0.0.1', () => {
			const port = (srv.address() as net.AddressInfo).port;
			srv.close(() => resolve(port));
		});
		srv.on('error', reject);
	});
}

/** A new, empty database URL for the configured dialect. */
export async function freshDatabaseUrl(dataDir: string, dialect = testDialect()): Promise<string> {
	if (dialect === 'sqlite') return `sqlite:${path.join(dataDir, 'test.db')}`;
	const name = `es_test_${randomBytes(6).toString('hex')}`;
	const conn = await createConnection(MYSQL_BASE_URL);
	try {
		await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
	} catch (e) {
		throw new Error(
			`Cannot create a MariaDB test database at ${MYSQL_BASE_URL} (${(e as Error).message}). Run scripts/mariadb.sh or make test.`
		);
	} finally {
		await conn.end();
	}
	return `${MYSQL_BASE_URL}/${name}`;
}

export async function dropDatabase(url: string) {
	if (!url.startsWith('mysql:')) return;
	const name = new URL(url).pathname.slice(1);
	const conn = await createConnection(MYSQL_BASE_URL);
	await conn.query(`DROP DATABASE IF EXISTS \`${name}\``).finally(() => conn.end());
}

export interface TestApp {
	url: string;
	dataDir: string;
	databaseUrl: string;
	/** The app's process id (memory measurements read /proc/<pid>/status). */
	pid: number;
	/** stdout+stderr so far (the first admin's password is printed there). */
	output(): string;
	admin: { email: string; password: string };
	/** Direct database access for assertions. */
	db(): Db;
	/** Resolves with the exit code when the process ends (after a signal the tests send to `pid`). */
	exited: Promise<number | null>;
	stop(): Promise<void>;
}

/**
 * What the production server gets in tests and benches: loopback only, its own data directory and
 * database, nothing inherited but PATH and HOME, clients seen through X-Forwarded-For.
 */
export function serverEnv(o: { port: number; dataDir: string; databaseUrl: string }): Record<string, string> {
	return {
		PATH: process.env.PATH ?? '',
		HOME: process.env.HOME ?? '',
		NODE_ENV: 'production',
		PORT: String(o.port),
		HOST: '127.0.0.1',
		ORIGIN: `http://127.0.0.1:${o.port}`,
		DATA_DIR: o.dataDir,
		DATABASE_URL: o.databaseUrl,
		LOG_LEVEL: 'warn',
		ADDRESS_HEADER: 'x-forwarded-for',
		XFF_DEPTH: '1'
	};
}

/** Resolves once GET /api/v1/health answers; throws with the server's output if it exits or takes over 30 s. */
export async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`the app exited (code ${child.exitCode}, signal ${child.signalCode}):\n${output()}`);
		}
		if (await fetch(`${url}/api/v1/health`).then((r) => r.ok, () => false)) return;
		if (Date.now() > deadline) throw new Error(`the app did not answer within 30 s:\n${output()}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-test-'));
	const databaseUrl = env.DATABASE_URL ?? (await freshDatabaseUrl(dataDir));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	let out = '';
	const child: ChildProcess = spawn(process.execPath, ['server.js'], {
		cwd: fileURLToPath(new URL('../..', import.meta.url)),
		env: {
			...serverEnv({ port, dataDir, databaseUrl }),
			// Tests present themselves from many addresses through X-Forwarded-For (see serverEnv).
			BCRYPT_COST: '10',
			SMTP_URL: process.env.TEST_SMTP_URL ?? '',
			...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (d) => (out += d));
	child.stderr?.on('data', (d) => (out += d));
	const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

	await waitUntilServing(url, child, () => out);
	const email = /email:\s+(\S+)/.exec(out)?.[1] ?? '';
	const password = /password:\s+(\S+)/.exec(out)?.[1] ?? '';
	let db: Db | undefined;
	return {
		url,
		dataDir,
		databaseUrl,
		pid: child.pid ?? 0,
		output: () => out,
		admin: { email, password },
		exited,
		db() {
			db ??= createDb(
				databaseUrl.startsWith('mysql:')
					? { dialect: 'mysql', url: databaseUrl }
					: { dialect: 'sqlite', file: databaseUrl.slice('sqlite:'.length) }
			);
			return db;
		},
		async stop() {
			await db?.destroy();
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				await exited;
			}
			// A database handed in (a second instance on the same store) belongs to whoever made it.
			if (env.DATABASE_URL === undefined) await dropDatabase(databaseUrl);
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
