/**
 * Access tokens: short-lived JWTs signed with Ed25519 (EdDSA) and a key id, per RFC 9068 (typ at+jwt).
 * Verification pins the algorithm, issuer, audience and type, so `alg: none`, a foreign key, an expired
 * token or an opaque refresh token are all refused here.
 */
import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
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
}

export async function loadJwtKeys(privateKeyPem: string): Promise<JwtKeys> {
	const privateKey = createPrivateKey(privateKeyPem);
	if (privateKey.asymmetricKeyType !== 'ed25519') {
		throw new Error('JWT_PRIVATE_KEY must be an Ed25519 private key in PKCS#8 PEM');
	}
	const jwk = await exportJWK(createPublicKey(privateKey));
	const kid = await calculateJwkThumbprint(jwk);
	const publicKey = (await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey;
	return { privateKey, publicKey, kid, publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' } };
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
		const { sub, sid, role } = payload;
		if (typeof sub !== 'string' || typeof sid !== 'string') return null;
		if (role !== 'user' && role !== 'admin') return null;
		return { sub, sid, role };
	} catch {
		return null;
	}
}
