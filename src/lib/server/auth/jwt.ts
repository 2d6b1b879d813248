/**
 * Access tokens: short-lived JWTs signed with Ed25519 (EdDSA) and a key id, per RFC 9068 (typ at+jwt).
 * Verification pins the algorithm, issuer, audience and type, so `alg: none`, a foreign key, an expired
 * token or an opaque refresh token are all refused here.
 */
import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Role } from '../db/schema';

export interface AccessClaims {
	sub: string;
	role: Role;
	sid: string;
}

export interface JwtKeys {
	privateKey: KeyObject;
	/** A WebCrypto key: verifying with it is several times cheaper than with a KeyObject. */
	publicKey: CryptoKey;
	kid: string;
	publicJwk: JWK;
	/**
	 * Tokens whose signature these keys already checked, by their exact text. An API client sends the
	 * same token on every call for its lifetime; the Ed25519 check is then done once, while the expiry
	 * is still checked on every call (and the session read by the caller). Only tokens that passed
	 * verification get in, so nobody without the private key can fill it.
	 */
	verified: LRUCache<string, VerifiedToken>;
}

interface VerifiedToken {
	claims: AccessClaims;
	/** `exp` in seconds, as in the token. */
	exp: number;
	issuer: string;
	audience: string;
}

const VERIFIED_TOKENS_KEPT = 10_000;

export async function loadJwtKeys(privateKeyPem: string): Promise<JwtKeys> {
	const privateKey = createPrivateKey(privateKeyPem);
	if (privateKey.asymmetricKeyType !== 'ed25519') {
		throw new Error('JWT_PRIVATE_KEY must be an Ed25519 private key in PKCS#8 PEM');
	}
	const jwk = await exportJWK(createPublicKey(privateKey));
	const kid = await calculateJwkThumbprint(jwk);
	const publicKey = (await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey;
	return {
		privateKey,
		publicKey,
		kid,
		publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' },
		verified: new LRUCache({ max: VERIFIED_TOKENS_KEPT })
	};
}

export interface JwtSettings {
	issuer: string;
	audience: string;
	ttlSeconds: number;
}

export async function signAccessToken(
	keys: JwtKeys,
	s: JwtSettings,
	claims: AccessClaims,
	nowMs: number
): Promise<string> {
	const iat = Math.floor(nowMs / 1000);
	return new SignJWT({ role: claims.role, sid: claims.sid })
		.setProtectedHeader({ alg: 'EdDSA', kid: keys.kid, typ: 'at+jwt' })
		.setSubject(claims.sub)
		.setIssuer(s.issuer)
		.setAudience(s.audience)
		.setIssuedAt(iat)
		.setExpirationTime(iat + s.ttlSeconds)
		.setJti(randomUUID())
		.sign(keys.privateKey);
}

/** Returns the claims, or null for any token that is not a valid, current access token of ours. */
export async function verifyAccessToken(
	keys: JwtKeys,
	s: JwtSettings,
	token: string,
	nowMs: number
): Promise<AccessClaims | null> {
	const seen = keys.verified.get(token);
	if (seen && seen.issuer === s.issuer && seen.audience === s.audience) {
		// As jose's own check: expired once `exp` is not after the current second.
		return seen.exp > Math.floor(nowMs / 1000) ? { ...seen.claims } : null;
	}
	try {
		const { payload, protectedHeader } = await jwtVerify(token, keys.publicKey, {
			algorithms: ['EdDSA'],
			issuer: s.issuer,
			audience: s.audience,
			typ: 'at+jwt',
			currentDate: new Date(nowMs),
			requiredClaims: ['sub', 'iat', 'exp', 'sid', 'role']
		});
		if (protectedHeader.kid !== keys.kid) return null;
		const { sub, sid, role, exp } = payload;
		if (typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') return null;
		if (role !== 'user' && role !== 'admin') return null;
		const claims: AccessClaims = { sub, sid, role };
		keys.verified.set(token, { claims, exp, issuer: s.issuer, audience: s.audience });
		return { ...claims };
	} catch {
		return null;
	}
}
