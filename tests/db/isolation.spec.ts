/**
 * MariaDB sessions run at READ COMMITTED (db/index.ts): a statement that finds no row locks no gap,
 * so two app instances writing rows of different books side by side do not wait on, or deadlock
 * with, each other. (At InnoDB's default, REPEATABLE READ, a DELETE of a book's not-yet-written rows
 * locked the gap where another book's rows go; scale-out.spec.ts met that as a deadlock.)
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../helpers/db';

const onMysql = process.env.TEST_DB === 'mysql';
let fresh: TestDb;

beforeAll(async () => {
	if (!onMysql) return;
	fresh = await freshDb();
	await sql`CREATE TABLE gap_probe (id INTEGER PRIMARY KEY)`.execute(fresh.db);
	await sql`INSERT INTO gap_probe (id) VALUES (10), (20)`.execute(fresh.db);
});

afterAll(async () => {
	await fresh?.close();
});

describe.runIf(onMysql)('MariaDB isolation', () => {
	it('every pooled session reads committed', async () => {
		const levels = await Promise.all(
			Array.from({ length: 4 }, () => fresh.db.transaction().execute(async (trx) => (await sql<{ level: string }>`SELECT @@SESSION.tx_isolation AS level`.execute(trx)).rows[0]!.level))
		);
		expect(levels).toEqual(Array(4).fill('READ-COMMITTED'));
	});

	it('a delete that finds nothing does not hold up an insert beside it', async () => {
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		let deleted!: () => void;
		const hasDeleted = new Promise<void>((resolve) => (deleted = resolve));
		const first = fresh.db.transaction().execute(async (trx) => {
			await sql`DELETE FROM gap_probe WHERE id = 15`.execute(trx);
			deleted();
			await held;
		});
		await hasDeleted;
		try {
			const inserted = await fresh.db.transaction().execute(async (trx) => {
				// Fail in a second rather than the default 50 if the gap were locked.
				await sql`SET SESSION innodb_lock_wait_timeout = 1`.execute(trx);
				await sql`INSERT INTO gap_probe (id) VALUES (16)`.execute(trx);
				return true;
			});
			expect(inserted).toBe(true);
		} finally {
			release();
			await first;
		}
		const rows = await sql<{ id: number }>`SELECT id FROM gap_probe ORDER BY id`.execute(fresh.db);
		expect(rows.rows.map((r) => Number(r.id))).toEqual([10, 16, 20]);
	});
});
