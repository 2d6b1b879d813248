import type { Kysely } from 'kysely';
import { dialectOf } from '../db';
import type { Database } from '../db/schema';

export async function readSetting(db: Kysely<Database>, name: string): Promise<string | null> {
	const row = await db.selectFrom('store_settings').select('value').where('name', '=', name).executeTakeFirst();
	return row?.value ?? null;
}

export async function writeSetting(db: Kysely<Database>, name: string, value: string, now: number): Promise<void> {
	const row = { name, value, updated_at: now };
	if (dialectOf(db) === 'mysql') {
		await db.insertInto('store_settings').values(row).onDuplicateKeyUpdate({ value, updated_at: now }).execute();
	} else {
		await db.insertInto('store_settings').values(row).onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_at: now })).execute();
	}
}
