/**
 * Accounts and sessions: sign-up, sign-in, browser sessions, API token pairs with rotation and reuse
 * detection, sign-out, password reset. Plain functions over their dependencies; SQL is in the
 * repositories beside this file.
 */
import { randomBytes } from 'node:crypto';
import * as m from '$lib/paraglide/messages';
import { baseLocale, type Locale } from '$lib/paraglide/runtime';
import type { Db } from '../db';
import type { Role, Session, User } from '../db/schema';
import { conflict, forbidden, invalidInput, notFound, unauthenticated } from '../errors';
import type { Logger } from '../log';
import type { Mailer } from '../mail';
import { signAccessToken, verifyAccessToken, type JwtKeys, type JwtSettings } from './jwt';
import { dummyHash, hashPassword, verifyPassword } from './passwords';
import type { Limiters } from './rate-limit';
import { consumeReset, insertReset, invalidateOpenResets } from './resets.repository';
import { hashToken, isWellFormedToken, newToken, successorToken } from './secrets';
import * as sessions from './sessions.repository';
import type { SessionChecks } from './session-checks';
import * as users from './users.repository';

export interface AuthDeps {
	db: Db;
	clock: () => number;
	log: Logger;
	mailer: Mailer;
	limits: Limiters;
	jwtKeys: JwtKeys;
	jwt: JwtSettings;
	bcryptCost: number;
	sessionTtlMs: number;
	resetTtlMs: number;
	tokenSecret: string;
	publicOrigin: string;
	/** Refreshes of one token that are in flight in this process share one rotation. */
	refreshesInFlight: Map<string, Promise<TokenPair>>;
	/** What recent checks of access tokens' sessions found (see session-checks.ts). */
	sessionChecks: SessionChecks;
}

export interface PublicUser {
	id: string;
	email: string;
	name: string;
	role: Role;
}

export interface TokenPair {
	user: PublicUser;
	accessToken: string;
	refreshToken: string;
	expiresIn: number;
}

export interface ClientMeta {
	ip: string | null;
	userAgent: string | null;
	/** The language of the page or client that asked; mails to the account are written in it. */
	locale?: Locale;
}

export interface Authenticated {
	user: PublicUser;
	session: Pick<Session, 'id' | 'expires_at' | 'kind'>;
}

export const publicUser = (u: Pick<User, 'id' | 'email' | 'name' | 'role'>): PublicUser => ({
	id: u.id,
	email: u.email,
	name: u.name,
	role: u.role
});

// Sign-up and sign-in ---------------------------------------------------------------------------

export async function signUp(
	deps: AuthDeps,
	input: { email: string; password: string; name: string },
	meta: ClientMeta
): Promise<PublicUser> {
	await deps.limits.hitIp('sign-up', meta.ip ?? 'unknown');
	const passwordHash = await hashPassword(input.password, deps.bcryptCost);
	if (await users.findUserByEmail(deps.db, input.email)) {
		throw conflict('An account with this email already exists. Sign in or reset your password.', 'email');
	}
	try {
		const user = await users.insertUser(
			deps.db,
			{ email: input.email, name: input.name, passwordHash, role: 'user' },
			deps.clock()
		);
		return publicUser(user);
	} catch (e) {
		// Two sign-ups racing for one email: the unique index decides.
		if (isUniqueViolation(e)) throw conflict('An account with this email already exists.', 'email');
		throw e;
	}
}

/**
 * Checks email and password. An unknown email and a wrong password give the same error after the same
 * bcrypt work, so neither the answer nor its timing tells whether an account exists.
 */
export async function authenticatePassword(
	deps: AuthDeps,
	input: { email: string; password: string },
	meta: ClientMeta
): Promise<PublicUser> {
	await deps.limits.hitIp('sign-in', meta.ip ?? 'unknown');
	await deps.limits.checkAccount('sign-in', input.email);
	const user = await users.findUserByEmail(deps.db, input.email);
	const ok = await verifyPassword(
		input.password,
		user?.password_hash ?? (await dummyHash(deps.bcryptCost))
	);
	if (!user || !user.password_hash || !ok) {
		await deps.limits.hitAccount('sign-in', input.email);
		throw unauthenticated('Wrong email or password.');
	}
	if (user.banned_at !== null) throw forbidden('This account is suspended.');
	await deps.limits.clearAccount('sign-in', input.email);
	return publicUser(user);
}

// Sessions ---------------------------------------------------------------------------------------

/** A browser session: the returned token goes into the httpOnly cookie; only its hash is stored. */
export async function startBrowserSession(
	deps: AuthDeps,
	user: PublicUser,
	meta: ClientMeta
): Promise<{ token: string; expiresAt: number }> {
	const token = newToken();
	const now = deps.clock();
	const expiresAt = now + deps.sessionTtlMs;
	await sessions.insertSession(
		deps.db,
		{ userId: user.id, kind: 'browser', tokenHash: hashToken(token), expiresAt, ...metaFields(meta) },
		now
	);
	return { token, expiresAt };
}

const TOUCH_INTERVAL_MS = 60_000;

/** The session behind a cookie, sliding its expiry; null when absent, expired, revoked or banned. */
export async function authenticateSessionToken(
	deps: AuthDeps,
	token: string | undefined
): Promise<Authenticated | null> {
	if (!isWellFormedToken(token)) return null;
	const found = await sessions.findSessionByTokenHash(deps.db, hashToken(token));
	const now = deps.clock();
	if (!found || !isLive(found, now)) return null;
	if (now - found.session.last_used_at > TOUCH_INTERVAL_MS) {
		const expiresAt = now + deps.sessionTtlMs;
		await sessions.touchSession(deps.db, found.session.id, now, expiresAt);
		found.session.expires_at = expiresAt;
	}
	return { user: publicUser(found.user), session: found.session };
}

function isLive(s: sessions.SessionWithUser, now: number): boolean {
	return s.session.revoked_at === null && s.session.expires_at > now && s.user.banned_at === null;
}

export async function signOut(deps: AuthDeps, sessionId: string): Promise<void> {
	await sessions.revokeSession(deps.db, sessionId, 'sign-out', deps.clock());
	deps.sessionChecks.forgetSession(sessionId);
}

export async function signOutEverywhere(deps: AuthDeps, userId: string): Promise<number> {
	const revoked = await sessions.revokeUserSessions(deps.db, userId, 'sign-out-all', deps.clock());
	deps.sessionChecks.forgetUser(userId);
	return revoked;
}

export async function listSessions(deps: AuthDeps, userId: string) {
	const rows = await sessions.listActiveSessions(deps.db, userId, deps.clock());
	return rows.map((s) => ({
		id: s.id,
		kind: s.kind,
		createdAt: s.created_at,
		lastUsedAt: s.last_used_at,
		expiresAt: s.expires_at,
		userAgent: s.user_agent,
		ip: s.ip
	}));
}

/** Revokes one of the user's own sessions; a second revoke of the same session is not_found. */
export async function revokeOwnSession(deps: AuthDeps, userId: string, sessionId: string): Promise<void> {
	const found = await sessions.findSessionById(deps.db, sessionId);
	if (!found || found.session.user_id !== userId || found.session.revoked_at !== null) {
		throw notFound('No active session with this id.');
	}
	await sessions.revokeSession(deps.db, sessionId, 'revoked-by-user', deps.clock());
	deps.sessionChecks.forgetSession(sessionId);
}

/** Admin ban: the account can no longer sign in and every session stops at its next request. */
export async function setUserBanned(deps: AuthDeps, userId: string, banned: boolean): Promise<void> {
	const user = await users.findUserById(deps.db, userId);
	if (!user) throw notFound('No such user.');
	const now = deps.clock();
	await deps.db.transaction().execute(async (trx) => {
		await users.setBanned(trx, userId, banned ? now : null, now);
		if (banned) await sessions.revokeUserSessions(trx, userId, 'banned', now);
	});
	deps.sessionChecks.forgetUser(userId);
}

// API tokens -------------------------------------------------------------------------------------

/** Starts an API session and returns its first token pair. */
export async function startApiSession(
	deps: AuthDeps,
	user: PublicUser,
	meta: ClientMeta
): Promise<TokenPair> {
	const now = deps.clock();
	const expiresAt = now + deps.sessionTtlMs;
	const refreshToken = newToken();
	const session = await deps.db.transaction().execute(async (trx) => {
		const s = await sessions.insertSession(
			trx,
			{ userId: user.id, kind: 'api', tokenHash: null, expiresAt, ...metaFields(meta) },
			now
		);
		await sessions.insertRefreshToken(
			trx,
			{ sessionId: s.id, parentId: null, tokenHash: hashToken(refreshToken), expiresAt },
			now
		);
		return s;
	});
	return tokenPair(deps, user, session.id, refreshToken);
}

async function tokenPair(
	deps: AuthDeps,
	user: PublicUser,
	sessionId: string,
	refreshToken: string
): Promise<TokenPair> {
	const accessToken = await signAccessToken(
		deps.jwtKeys,
		deps.jwt,
		{ sub: user.id, role: user.role, sid: sessionId },
		deps.clock()
	);
	return { user, accessToken, refreshToken, expiresIn: deps.jwt.ttlSeconds };
}

const invalidRefresh = () => unauthenticated('The refresh token is invalid, expired or revoked. Sign in again.');

/**
 * Rotates a refresh token. Exactly one rotation happens per token (a compare-and-set on used_at, and a
 * unique parent_id); concurrent refreshes in this process share it. A token that was already rotated
 * before this request arrived is a replay: the whole session is revoked.
 */
export async function refresh(deps: AuthDeps, refreshToken: unknown): Promise<TokenPair> {
	if (!isWellFormedToken(refreshToken)) throw invalidRefresh();
	const key = hashToken(refreshToken);
	const pending = deps.refreshesInFlight.get(key);
	if (pending) return pending;
	const work = rotate(deps, refreshToken, key).finally(() => deps.refreshesInFlight.delete(key));
	deps.refreshesInFlight.set(key, work);
	return work;
}

async function rotate(deps: AuthDeps, token: string, tokenHash: string): Promise<TokenPair> {
	const arrivedAt = deps.clock();
	const row = await sessions.findRefreshToken(deps.db, tokenHash);
	if (!row) throw invalidRefresh();
	const found = await sessions.findSessionById(deps.db, row.session_id);
	if (!found || !isLive(found, arrivedAt) || row.expires_at <= arrivedAt) throw invalidRefresh();

	const next = successorToken(token, deps.tokenSecret);
	const won = await deps.db.transaction().execute(async (trx) => {
		if (!(await sessions.markRefreshUsed(trx, row.id, arrivedAt))) return false;
		await sessions.insertRefreshToken(
			trx,
			{ sessionId: row.session_id, parentId: row.id, tokenHash: hashToken(next), expiresAt: found.session.expires_at },
			arrivedAt
		);
		return true;
	});
	if (!won) {
		// Another instance rotated it. If that happened while this request was already under way,
		// both callers hold the same successor; if it happened before, this is a replayed token.
		const used = await sessions.findRefreshToken(deps.db, tokenHash);
		const child = await sessions.findRefreshChild(deps.db, row.id);
		const concurrent = used?.used_at != null && used.used_at >= arrivedAt && child?.used_at === null;
		if (!concurrent) {
			await sessions.revokeSession(deps.db, row.session_id, 'refresh-reuse', deps.clock());
			deps.sessionChecks.forgetSession(row.session_id);
			deps.log.warn({ sessionId: row.session_id }, 'refresh token reuse: session revoked');
			throw invalidRefresh();
		}
	}
	return tokenPair(deps, publicUser(found.user), row.session_id, next);
}

/**
 * Resolves a Bearer access token to a live session. Revocation takes effect on the next request on
 * this instance and within SESSION_CHECK_CACHE_MS on others (see session-checks.ts).
 */
export async function authenticateAccessToken(deps: AuthDeps, token: string): Promise<Authenticated> {
	const claims = await verifyAccessToken(deps.jwtKeys, deps.jwt, token, deps.clock());
	if (!claims) throw unauthenticated('The access token is invalid or expired.');
	let found = deps.sessionChecks.get(claims.sid);
	if (!found) {
		const readStarted = deps.sessionChecks.readStarted();
		found = await sessions.findSessionById(deps.db, claims.sid);
		if (found) deps.sessionChecks.remember(found, readStarted);
	}
	if (!found || found.session.user_id !== claims.sub || !isLive(found, deps.clock())) {
		throw unauthenticated('The session of this access token has ended. Sign in again.');
	}
	// A copy: the kept row is shared by every request that finds it.
	return { user: publicUser(found.user), session: { ...found.session } };
}

// Password reset ---------------------------------------------------------------------------------

/**
 * Sends a reset link when the account exists. The caller answers 202 either way; the mail is sent in
 * the background so the response time does not depend on it either.
 */
export async function requestPasswordReset(deps: AuthDeps, email: string, meta: ClientMeta): Promise<void> {
	await deps.limits.hitIp('password-reset', meta.ip ?? 'unknown');
	await deps.limits.hitAccount('password-reset', email);
	const user = await users.findUserByEmail(deps.db, email);
	if (!user || user.banned_at !== null) return;
	const token = newToken();
	const now = deps.clock();
	await deps.db.transaction().execute(async (trx) => {
		await invalidateOpenResets(trx, user.id, now);
		await insertReset(trx, { userId: user.id, tokenHash: hashToken(token), expiresAt: now + deps.resetTtlMs }, now);
	});
	const link = `${deps.publicOrigin}/reset-password?token=${encodeURIComponent(token)}`;
	const minutes = Math.round(deps.resetTtlMs / 60_000);
	const locale = { locale: meta.locale ?? baseLocale };
	deps.mailer
		.send({
			to: user.email,
			subject: m.reset_mail_subject({}, locale),
			text: m.reset_mail_text({ minutes, link }, locale)
		})
		.catch((e: unknown) => deps.log.error({ err: e, userId: user.id }, 'password reset mail failed'));
}

const badResetToken = () =>
	invalidInput('This reset link is invalid, used or expired. Ask for a new one.', 'token');

/** Sets the new password and ends every session of the account, in one transaction. */
export async function confirmPasswordReset(deps: AuthDeps, token: unknown, password: string): Promise<void> {
	if (!isWellFormedToken(token)) throw badResetToken();
	const hash = await hashPassword(password, deps.bcryptCost);
	const now = deps.clock();
	const userId = await deps.db.transaction().execute(async (trx) => {
		const userId = await consumeReset(trx, hashToken(token), now);
		if (!userId) throw badResetToken();
		await users.setPasswordHash(trx, userId, hash, now);
		await sessions.revokeUserSessions(trx, userId, 'password-reset', now);
		return userId;
	});
	deps.sessionChecks.forgetUser(userId);
}

// Google (OpenID Connect) ------------------------------------------------------------------------

export interface OidcIdentity {
	provider: string;
	subject: string;
	email: string | null;
	emailVerified: boolean;
	name: string | null;
}

/**
 * The account for an identity from an OpenID provider: the linked one, else the account with the same
 * email when the provider vouches for that email, else a new account. An unverified email never links
 * to, nor claims, an address.
 */
export async function accountForIdentity(deps: AuthDeps, id: OidcIdentity): Promise<PublicUser> {
	const linked = await users.findUserByOauth(deps.db, id.provider, id.subject);
	if (linked) {
		if (linked.banned_at !== null) throw forbidden('This account is suspended.');
		return publicUser(linked);
	}
	if (!id.email || !id.emailVerified) {
		throw forbidden('Google did not confirm this email address. Verify it with Google, or sign up with a password.');
	}
	const email = id.email.normalize('NFC').toLowerCase();
	const now = deps.clock();
	return deps.db.transaction().execute(async (trx) => {
		let user = await users.findUserByEmail(trx, email);
		if (user?.banned_at != null) throw forbidden('This account is suspended.');
		user ??= await users.insertUser(
			trx,
			{ email, name: (id.name ?? email.split('@')[0] ?? 'Listener').slice(0, 100), passwordHash: null, role: 'user' },
			now
		);
		await users.linkOauthAccount(trx, { userId: user.id, provider: id.provider, providerAccountId: id.subject, email }, now);
		return publicUser(user);
	});
}

// First admin ------------------------------------------------------------------------------------

/** Creates the first admin with a random password when the store has none; returns it once. */
export async function ensureFirstAdmin(
	deps: AuthDeps,
	email: string
): Promise<{ email: string; password: string } | null> {
	if ((await users.countAdmins(deps.db)) > 0) return null;
	const password = randomBytes(12).toString('base64url');
	const hash = await hashPassword(password, deps.bcryptCost);
	const now = deps.clock();
	const existing = await users.findUserByEmail(deps.db, email);
	if (existing) {
		await users.makeAdmin(deps.db, existing.id, hash, now);
		deps.sessionChecks.forgetUser(existing.id);
	} else {
		await users.insertUser(deps.db, { email, name: 'Admin', passwordHash: hash, role: 'admin' }, now);
	}
	return { email, password };
}

// helpers ----------------------------------------------------------------------------------------

function metaFields(meta: ClientMeta) {
	return { userAgent: meta.userAgent, ip: meta.ip };
}

export function isUniqueViolation(e: unknown): boolean {
	const err = e as { code?: string; errno?: number };
	return err?.code === 'ER_DUP_ENTRY' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.errno === 1062;
}
