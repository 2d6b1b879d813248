import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db';
import type { Role, User } from '../db/schema';

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(
	db: Db,
	u: { email: string; name: string; passwordHash: string | null; role: Role },
	now: number
): Promise<User> {
	const row: User = {
		id: uuidv7(),
		email: u.email,
		name: u.name,
		password_hash: u.passwordHash,
		role: u.role,
		banned_at: null,
		created_at: now,
		updated_at: now
	};
	await db.insertInto('users').values(row).execute();
	return row;
}

export async function setPasswordHash(db: Db, userId: string, hash: string, now: number) {
	await db
		.updateTable('users')
		.set({ password_hash: hash, updated_at: now })
		.where('id', '=', userId)
		.execute();
}

export async function setBanned(db: Db, userId: string, bannedAt: number | null, now: number) {
	await db
		.updateTable('users')
		.set({ banned_at: bannedAt, updated_at: now })
		.where('id', '=', userId)
		.execute();
}

export async function countAdmins(db: Db): Promise<number> {
	const r = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('role', '=', 'admin')
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

export async function findUserByOauth(
	db: Db,
	provider: string,
	providerAccountId: string
): Promise<User | undefined> {
	return db
		.selectFrom('oauth_accounts')
		.innerJoin('users', 'users.id', 'oauth_accounts.user_id')
		.selectAll('users')
		.where('oauth_accounts.provider', '=', provider)
		.where('oauth_accounts.provider_account_id', '=', providerAccountId)
		.executeTakeFirst();
}

export async function linkOauthAccount(
	db: Db,
	a: { userId: string; provider: string; providerAccountId: string; email: string | null },
	now: number
) {
	await db
		.insertInto('oauth_accounts')
		.values({
			id: uuidv7(),
			user_id: a.userId,
			provider: a.provider,
			provider_account_id: a.providerAccountId,
			email: a.email,
			created_at: now
		})
		.execute();
}

export async function makeAdmin(db: Db, userId: string, passwordHash: string, now: number) {
	await db
		.updateTable('users')
		.set({ role: 'admin', password_hash: passwordHash, updated_at: now })
		.where('id', '=', userId)
		.execute();
}
