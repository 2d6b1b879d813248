/**
 * Access tokens and the kept session checks (src/lib/server/auth/session-checks.ts), at service level
 * on a real database with the clock moved by hand. A change made on this instance takes effect on the
 * next request; a change it did not make (another instance, an operator's SQL) within a second.
 */
import { describe, expect, it } from 'vitest';
import { createSessionChecks } from '../../src/lib/server/auth/session-checks';
import { findSessionById } from '../../src/lib/server/auth/sessions.repository';
import {
	authenticateAccessToken,
	setUserBanned,
	signOut,
	signOutEverywhere,
	signUp,
	startApiSession,
	type AuthDeps
} from '../../src/lib/server/auth/service';
import { testMeta, useTestAuth } from '../helpers/auth-deps';
import { uniqueEmail } from '../helpers/http';

const t = useTestAuth();

async function signedIn(deps: AuthDeps = t.deps) {
	const user = await signUp(deps, { email: uniqueEmail('checks'), password: 'initial password', name: 'C' }, testMeta);
	const pair = await startApiSession(deps, user, testMeta);
	const { session } = await authenticateAccessToken(deps, pair.accessToken);
	return { user, pair, sessionId: session.id };
}

/** What another instance or an operator does: the row changes, this instance is not told. */
const revokeBehindItsBack = (sessionId: string) =>
	t.db.updateTable('sessions').set({ revoked_at: t.deps.clock(), revoked_reason: 'elsewhere' }).where('id', '=', sessionId).execute();

const refused = { code: 'unauthenticated' };

describe('a session check is kept for a second', () => {
	it('serves a revocation made elsewhere within the second, and refuses it after', async () => {
		const { pair, sessionId } = await signedIn();
		await revokeBehindItsBack(sessionId);
		t.advance(999);
		await expect(authenticateAccessToken(t.deps, pair.accessToken)).resolves.toMatchObject({ session: { id: sessionId } });
		t.advance(2);
		await expect(authenticateAccessToken(t.deps, pair.accessToken)).rejects.toMatchObject(refused);
	});

	it('still compares the session expiry with the clock on every request', async () => {
		const { pair, sessionId } = await signedIn();
		const expiresAt = t.deps.clock() + 500;
		await t.db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', sessionId).execute();
		t.advance(1001); // the first check is forgotten; the next one reads the new expiry and keeps it
		await expect(authenticateAccessToken(t.deps, pair.accessToken)).rejects.toMatchObject(refused);
	});

	it('refuses a session whose expiry passes while its check is kept', async () => {
		const { pair, sessionId } = await signedIn();
		t.advance(1001);
		await t.db.updateTable('sessions').set({ expires_at: t.deps.clock() + 300 }).where('id', '=', sessionId).execute();
		await expect(authenticateAccessToken(t.deps, pair.accessToken)).resolves.toBeTruthy(); // read and kept
		t.advance(301);
		await expect(authenticateAccessToken(t.deps, pair.accessToken)).rejects.toMatchObject(refused);
	});
});

describe('changes made on this instance take effect on the next request', () => {
	it('sign-out', async () => {
		const { pair, sessionId } = await signedIn();
		await signOut(t.deps, sessionId);
		await expect(authenticateAccessToken(t.deps, pair.accessToken)).rejects.toMatchObject(refused);
	});

	it('sign-out everywhere, for every session of the account and no other account', async () => {
		const a = await signedIn();
		const second = await startApiSession(t.deps, a.user, testMeta);
		await authenticateAccessToken(t.deps, second.accessToken);
		const other = await signedIn();
		await signOutEverywhere(t.deps, a.user.id);
		await expect(authenticateAccessToken(t.deps, a.pair.accessToken)).rejects.toMatchObject(refused);
		await expect(authenticateAccessToken(t.deps, second.accessToken)).rejects.toMatchObject(refused);
		await expect(authenticateAccessToken(t.deps, other.pair.accessToken)).resolves.toMatchObject({ user: { id: other.user.id } });
	});

	it('a ban', async () => {
		const { user, pair } = await signedIn();
		await setUserBanned(t.deps, user.id, true);
		await expect(authenticateAccessToken(t.deps, pair.accessToken)).rejects.toMatchObject(refused);
	});

	it('a sign-out that commits while a check is reading the session', async () => {
		const { pair, sessionId } = await signedIn();
		t.advance(1001);
		// The check reads the live row, then the sign-out commits and forgets before the check keeps it.
		const checks = t.deps.sessionChecks;
		const started = checks.readStarted();
		const live = await findSessionById(t.db, sessionId);
		await signOut(t.deps, sessionId);
		checks.remember(live!, started);
		await expect(authenticateAccessToken(t.deps, pair.accessToken)).rejects.toMatchObject(refused);
	});
});

describe('SESSION_CHECK_CACHE_MS=0', () => {
	it('reads the session on every request', async () => {
		const deps: AuthDeps = { ...t.deps, sessionChecks: createSessionChecks(0, t.deps.clock) };
		const { pair, sessionId } = await signedIn(deps);
		await revokeBehindItsBack(sessionId);
		await expect(authenticateAccessToken(deps, pair.accessToken)).rejects.toMatchObject(refused);
	});
});
