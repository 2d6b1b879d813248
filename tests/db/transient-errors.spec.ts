/**
 * isTransientDbError on the errors the real drivers raise: a deadlock on MariaDB (two transactions
 * each holding the row the other wants; InnoDB rolls one back) and a busy database on SQLite (a write
 * transaction that cannot start while another holds the lock). The pipeline retries a step that
 * failed on one (runner.ts); any other database error, such as a broken constraint, is not transient.
 */
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTransientDbError, retryDeadlocks } from '../../src/lib/server/db';
import { freshDb, type TestDb } from '../helpers/db';

let fresh: TestDb & { dir: string };

beforeAll(async () => {
	fresh = await freshDb();
	await sql`CREATE TABLE lock_probe (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`.execute(fresh.db);
	await sql`INSERT INTO lock_probe (id, n) VALUES (1, 0), (2, 0)`.execute(fresh.db);
});

afterAll(async () => {
	await fresh?.close();
});

describe('isTransientDbError', () => {
	it.runIf(process.env.TEST_DB === 'mysql')('takes a MariaDB deadlock for transient', async () => {
		const db = fresh.db;
		let bothHoldOne!: () => void;
		const holding = new Promise<void>((resolve) => (bothHoldOne = resolve));
		let held = 0;
		const cross = (first: number, second: number) =>
			db.transaction().execute(async (trx) => {
				await sql`UPDATE lock_probe SET n = n + 1 WHERE id = ${first}`.execute(trx);
				if (++held === 2) bothHoldOne();
				await holding;
				await sql`UPDATE lock_probe SET n = n + 1 WHERE id = ${second}`.execute(trx);
			});
		const outcomes = await Promise.allSettled([cross(1, 2), cross(2, 1)]);
		const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
		expect(failed).toHaveLength(1);
		expect((failed[0]!.reason as { errno?: number }).errno).toBe(1213);
		expect(isTransientDbError(failed[0]!.reason)).toBe(true);
	});

	it.runIf(process.env.TEST_DB === 'mysql')("retryDeadlocks runs the victim's transaction again, so both crossing writers finish", async () => {
		const db = fresh.db;
		const before = await sql<{ id: number; n: number }>`SELECT id, n FROM lock_probe ORDER BY id`.execute(db);
		let bothHoldOne!: () => void;
		const holding = new Promise<void>((resolve) => (bothHoldOne = resolve));
		let held = 0;
		let tries = 0;
		const cross = (first: number, second: number) =>
			retryDeadlocks(() =>
				db.transaction().execute(async (trx) => {
					tries++;
					await sql`UPDATE lock_probe SET n = n + 1 WHERE id = ${first}`.execute(trx);
					if (++held === 2) bothHoldOne();
					await holding;
					await sql`UPDATE lock_probe SET n = n + 1 WHERE id = ${second}`.execute(trx);
				})
			);
		await Promise.all([cross(1, 2), cross(2, 1)]);
		expect(tries).toBe(3);
		const after = await sql<{ id: number; n: number }>`SELECT id, n FROM lock_probe ORDER BY id`.execute(db);
		expect(after.rows.map((r) => Number(r.n))).toEqual(before.rows.map((r) => Number(r.n) + 2));
	});

	it.runIf(process.env.TEST_DB !== 'mysql')('takes a busy SQLite database for transient', () => {
		const path = `${fresh.dir}/busy.sqlite`;
		const a = new Database(path);
		const b = new Database(path, { timeout: 0 });
		try {
			a.exec('CREATE TABLE t (x INTEGER)');
			a.exec('BEGIN IMMEDIATE');
			let error: unknown;
			try {
				b.exec('BEGIN IMMEDIATE');
			} catch (e) {
				error = e;
			}
			expect((error as { code?: string }).code).toMatch(/^SQLITE_BUSY/);
			expect(isTransientDbError(error)).toBe(true);
			a.exec('ROLLBACK');
		} finally {
			a.close();
			b.close();
		}
	});

	it('takes a broken constraint, a syntax error and a plain Error for permanent', async () => {
		const duplicate = await sql`INSERT INTO lock_probe (id, n) VALUES (1, 0)`.execute(fresh.db).catch((e: unknown) => e);
		expect(duplicate).toBeInstanceOf(Error);
		expect(isTransientDbError(duplicate)).toBe(false);
		const syntax = await sql`SELEC 1`.execute(fresh.db).catch((e: unknown) => e);
		expect(syntax).toBeInstanceOf(Error);
		expect(isTransientDbError(syntax)).toBe(false);
		expect(isTransientDbError(new Error('deadlock, they said'))).toBe(false);
		expect(isTransientDbError(null)).toBe(false);
	});
});
