/**
 * What the last check of a session found, kept for a moment, for Bearer access tokens.
 *
 * An API client sends the same access token with every call, often several at once (a page of the
 * app asks for the library, the cart and the account together). Reading the session and its user
 * for each of them is the largest part of what a signed-in call costs. What a check found is kept
 * for `ttlMs` (a second by default):
 *  - on this instance, signing out, revoking a session, a ban, a password reset and a refresh-token
 *    replay forget it at once, so they take effect on the next request, as without the cache;
 *  - on other instances of the app, they take effect within `ttlMs`;
 *  - the session's expiry is still compared with the clock on every request.
 * `ttlMs` 0 reads the session on every request.
 */
import { LRUCache } from 'lru-cache';
import type { SessionWithUser } from './sessions.repository';

export interface SessionChecks {
	get(sessionId: string): SessionWithUser | undefined;
	/** Call before reading a session; pass the answer to remember(). */
	readStarted(): number;
	/**
	 * Keeps what a read found, unless something was forgotten since the read started: a sign-out that
	 * commits while the read is under way must not leave the older, live row behind.
	 */
	remember(found: SessionWithUser, readStarted: number): void;
	forgetSession(sessionId: string): void;
	/** Every session of the user: sign-out everywhere, a ban, a password reset, a role change. */
	forgetUser(userId: string): void;
}

const SESSIONS_KEPT = 10_000;

export function createSessionChecks(ttlMs: number, clock: () => number): SessionChecks {
	if (ttlMs <= 0) {
		return { get: () => undefined, readStarted: () => 0, remember() {}, forgetSession() {}, forgetUser() {} };
	}
	// ttlResolution 0: read the clock on each lookup, so the test clock and the real one behave alike.
	const kept = new LRUCache<string, SessionWithUser>({ max: SESSIONS_KEPT, ttl: ttlMs, ttlResolution: 0, perf: { now: clock } });
	let forgets = 0;
	return {
		get: (sessionId) => kept.get(sessionId),
		readStarted: () => forgets,
		remember(found, readStarted) {
			if (readStarted === forgets) kept.set(found.session.id, found);
		},
		forgetSession(sessionId) {
			forgets++;
			kept.delete(sessionId);
		},
		forgetUser(userId) {
			forgets++;
			const ids = [...kept.entries()].filter(([, found]) => found.user.id === userId).map(([id]) => id);
			for (const id of ids) kept.delete(id);
		}
	};
}
