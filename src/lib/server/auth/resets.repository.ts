import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db';

/** A newer request makes every older, unused token of the account worthless. */
export async function invalidateOpenResets(db: Db, userId: string, now: number) {
	await db
		.updateTable('password_resets')
		.set({ invalidated_at: now })
		.where('user_id', '=', userId)
		.where('used_at', 'is', null)
		.where('invalidated_at', 'is', null)
		.execute();
}

export async function insertReset(
	db: Db,
	r: { userId: string; tokenHash: string; expiresAt: number },
	now: number
) {
	await db
		.insertInto('password_resets')
		.values({
			id: uuidv7(),
			user_id: r.userId,
			token_hash: r.tokenHash,
			created_at: now,
			expires_at: r.expiresAt,
			used_at: null,
			invalidated_at: null
		})
		.execute();
}

/** Consumes a usable token exactly once; returns its user id, or null when the token is not usable. */
export async function consumeReset(db: Db, tokenHash: string, now: number): Promise<string | null> {
	const row = await db
		.selectFrom('password_resets')
		.select(['id', 'user_id'])
		.where('token_hash', '=', tokenHash)
		.where('used_at', 'is', null)
		.where('invalidated_at', 'is', null)
		.where('expires_at', '>', now)
		.executeTakeFirst();
	if (!row) return null;
	const r = await db
		.updateTable('password_resets')
		.set({ used_at: now })
		.where('id', '=', row.id)
		.where('used_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1 ? row.user_id : null;
}
