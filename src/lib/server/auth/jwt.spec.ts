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

	it('refuses an RSA or non-Ed25519 key at start', async () => {
		const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		await expect(loadJwtKeys(rsa)).rejects.toThrow(/Ed25519/);
	});
});
