import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadJwtKeys, signAccessToken, verifyAccessToken } from './jwt';

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const settings = { issuer: 'earshelf', audience: 'earshelf-api', ttlSeconds: 900 };
const claims = { sub: 'u1', role: 'user' as const, sid: 's1' };

describe('access tokens', () => {
	it('round-trips the claims within the lifetime and refuses them after', async () => {
		const keys = await loadJwtKeys(pem());
		const t0 = Date.now();
		const token = await signAccessToken(keys, settings, claims, t0);
		expect(await verifyAccessToken(keys, settings, token, t0 + 899_000)).toEqual(claims);
		expect(await verifyAccessToken(keys, settings, token, t0 + 901_000)).toBeNull();
	});

	it('refuses a token from another key', async () => {
		const a = await loadJwtKeys(pem());
		const b = await loadJwtKeys(pem());
		const token = await signAccessToken(a, settings, claims, Date.now());
		expect(await verifyAccessToken(b, settings, token, Date.now())).toBeNull();
	});

	it('checks a token it has verified before by its text, expiry and settings, not only by having seen it', async () => {
		const keys = await loadJwtKeys(pem());
		const t0 = Date.now();
		const token = await signAccessToken(keys, settings, claims, t0);
		expect(await verifyAccessToken(keys, settings, token, t0)).toEqual(claims);
		expect(keys.verified.has(token)).toBe(true);
		// One character changed inside the signature (not the last one, whose low bits base64url
		// ignores): a different text, so it is verified afresh and refused.
		const at = token.length - 10;
		const tampered = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
		expect(await verifyAccessToken(keys, settings, tampered, t0)).toBeNull();
		// The same text for another audience or issuer is refused, cached or not.
		expect(await verifyAccessToken(keys, { ...settings, audience: 'other' }, token, t0)).toBeNull();
		expect(await verifyAccessToken(keys, { ...settings, issuer: 'other' }, token, t0)).toBeNull();
		// The answer is a copy: changing it does not change what the next caller gets.
		const first = (await verifyAccessToken(keys, settings, token, t0))!;
		first.role = 'admin';
		expect(await verifyAccessToken(keys, settings, token, t0)).toEqual(claims);
		// Expiry is to the second, as jose's: refused from the second `exp` names.
		const exp = Math.floor(t0 / 1000) + settings.ttlSeconds;
		expect(await verifyAccessToken(keys, settings, token, exp * 1000 - 1)).toEqual(claims);
		expect(await verifyAccessToken(keys, settings, token, exp * 1000)).toBeNull();
	});

	it('does not remember tokens it refused', async () => {
		const keys = await loadJwtKeys(pem());
		const other = await loadJwtKeys(pem());
		const token = await signAccessToken(other, settings, claims, Date.now());
		expect(await verifyAccessToken(keys, settings, token, Date.now())).toBeNull();
		expect(keys.verified.size).toBe(0);
	});

	it('refuses an RSA or non-Ed25519 key at start', async () => {
		const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		await expect(loadJwtKeys(rsa)).rejects.toThrow(/Ed25519/);
	});
});
