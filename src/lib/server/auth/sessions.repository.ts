import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db';
import type { Role, Session, SessionKind } from '../db/schema';

export interface SessionWithUser {
	session: Session;
	user: { id: string; email: string; name: string; role: Role; banned_at: number | null };
}

export async function insertSession(
	db: Db,
	s: {
		userId: string;
		kind: SessionKind;
		tokenHash: string | null;
		expiresAt: number;
		userAgent: string | null;
		ip: string | null;
	},
	now: number
): Promise<Session> {
	const row: Session = {
		id: uuidv7(),
		user_id: s.userId,
		kind: s.kind,
		token_hash: s.tokenHash,
		created_at: now,
		last_used_at: now,
		expires_at: s.expiresAt,
		revoked_at: null,
		revoked_reason: null,
		user_agent: s.userAgent?.slice(0, 255) ?? null,
		ip: s.ip?.slice(0, 64) ?? null
	};
	await db.insertInto('sessions').values(row).execute();
	return row;
}

function sessionWithUserQuery(db: Db) {
	return db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.selectAll('sessions')
		.select([
			'users.email as u_email',
			'users.name as u_name',
			'users.role as u_role',
			'users.banned_at as u_banned_at'
		]);
}

type JoinedRow = Session & { u_email: string; u_name: string; u_role: Role; u_banned_at: number | null };

function split(row: JoinedRow): SessionWithUser {
	const { u_email, u_name, u_role, u_banned_at, ...session } = row;
	return {
		session,
		user: { id: session.user_id, email: u_email, name: u_name, role: u_role, banned_at: u_banned_at }
	};
}

export async function findSessionById(db: Db, id: string): Promise<SessionWithUser | undefined> {
	const row = await sessionWithUserQuery(db).where('sessions.id', '=', id).executeTakeFirst();
	return row && split(row);
}

export async function findSessionByTokenHash(
	db: Db,
	tokenHash: string
): Promise<SessionWithUser | undefined> {
	const row = await sessionWithUserQuery(db)
		.where('sessions.token_hash', '=', tokenHash)
		.executeTakeFirst();
	return row && split(row);
}

export async function touchSession(db: Db, id: string, now: number, expiresAt: number) {
	await db
		.updateTable('sessions')
		.set({ last_used_at: now, expires_at: expiresAt })
		.where('id', '=', id)
		.where('revoked_at', 'is', null)
		.execute();
}

/** Returns how many sessions it revoked (0 when already revoked). */
export async function revokeSession(db: Db, id: string, reason: string, now: number): Promise<number> {
	const r = await db
		.updateTable('sessions')
		.set({ revoked_at: now, revoked_reason: reason })
		.where('id', '=', id)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows);
}

export async function revokeUserSessions(
	db: Db,
	userId: string,
	reason: string,
	now: number,
	exceptSessionId?: string
): Promise<number> {
	let q = db
		.updateTable('sessions')
		.set({ revoked_at: now, revoked_reason: reason })
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null);
	if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
	const r = await q.executeTakeFirst();
	return Number(r.numUpdatedRows);
}

export async function listActiveSessions(db: Db, userId: string, now: number): Promise<Session[]> {
	return db
		.selectFrom('sessions')
		.selectAll()
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.where('expires_at', '>', now)
		.orderBy('last_used_at', 'desc')
		.execute();
}

// Refresh tokens -------------------------------------------------------------------------------

export async function insertRefreshToken(
	db: Db,
	t: { sessionId: string; parentId: string | null; tokenHash: string; expiresAt: number },
	now: number
): Promise<string> {
	const id = uuidv7();
	await db
		.insertInto('refresh_tokens')
		.values({
			id,
			session_id: t.sessionId,
			parent_id: t.parentId,
			token_hash: t.tokenHash,
			created_at: now,
			expires_at: t.expiresAt,
			used_at: null
		})
		.execute();
	return id;
}

export async function findRefreshToken(db: Db, tokenHash: string) {
	return db
		.selectFrom('refresh_tokens')
		.selectAll()
		.where('token_hash', '=', tokenHash)
		.executeTakeFirst();
}

export async function findRefreshChild(db: Db, parentId: string) {
	return db
		.selectFrom('refresh_tokens')
		.selectAll()
		.where('parent_id', '=', parentId)
		.executeTakeFirst();
}

/** The compare-and-set that makes a rotation happen once: true only for the caller that won. */
export async function markRefreshUsed(db: Db, id: string, now: number): Promise<boolean> {
	const r = await db
		.updateTable('refresh_tokens')
		.set({ used_at: now })
		.where('id', '=', id)
		.where('used_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}
