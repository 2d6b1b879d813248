/** Opaque tokens: 256 random bits, stored only as SHA-256 hashes. */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The successor of a refresh token is derived from it with a server-side key, so concurrent refreshes
 * of one token in the same rotation can all be answered with the same new token without ever storing a
 * token in plain text.
 */
export function successorToken(token: string, key: string): string {
	return createHmac('sha256', key).update(`refresh-successor:${token}`).digest('base64url');
}

/** Looks like one of our tokens (43 base64url characters): anything else is refused before any SQL. */
export function isWellFormedToken(token: unknown): token is string {
	return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}
