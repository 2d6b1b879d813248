/** Forged and stale access tokens against the running app. */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { client, uniqueEmail } from '../helpers/http';

let app: TestApp;
let good: { accessToken: string; user: { id: string } };
let claims: Record<string, unknown>;
let kid: string;

beforeAll(async () => {
	app = await startTestApp();
	const res = await client(app.url).post('/api/v1/auth/sign-up', { email: uniqueEmail(), password: 'forge me not', name: 'F' });
	good = res.body;
	claims = JSON.parse(Buffer.from(good.accessToken.split('.')[1]!, 'base64url').toString());
	kid = decodeProtectedHeader(good.accessToken).kid!;
});
afterAll(async () => {
	await app?.stop();
});

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const me = (token: string) => client(app.url).get('/api/v1/auth/me', token);

describe('access tokens', () => {
	it('accepts the genuine token (control)', async () => {
		expect((await me(good.accessToken)).status).toBe(200);
	});

	it('refuses alg: none', async () => {
		const token = `${b64({ alg: 'none', typ: 'at+jwt', kid })}.${b64(claims)}.`;
		expect((await me(token)).status).toBe(401);
	});

	it('refuses a token signed with another key under the same key id', async () => {
		const { privateKey } = generateKeyPairSync('ed25519');
		const token = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid }).sign(privateKey);
		expect((await me(token)).status).toBe(401);
	});

	it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
		const jwks = await (await fetch(`${app.url}/.well-known/jwks.json`)).json();
		const token = await new SignJWT(claims)
			.setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid })
			.sign(new TextEncoder().encode(JSON.stringify(jwks.keys[0])));
		expect((await me(token)).status).toBe(401);
	});

	it('refuses an expired token signed with the real key', async () => {
		const pem = readFileSync(path.join(app.dataDir, 'secrets', 'jwt_private_key'), 'utf8');
		const { createPrivateKey } = await import('node:crypto');
		const now = Math.floor(Date.now() / 1000);
		const sign = (iat: number, exp: number) =>
			new SignJWT({ ...claims, iat, exp }).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid }).sign(createPrivateKey(pem));
		expect((await me(await sign(now, now + 60))).status).toBe(200); // the same key, still valid: a control
		expect((await me(await sign(now - 1000, now - 100))).status).toBe(401);
	});

	it('refuses a token for another audience or issuer', async () => {
		const pem = readFileSync(path.join(app.dataDir, 'secrets', 'jwt_private_key'), 'utf8');
		const { createPrivateKey } = await import('node:crypto');
		for (const change of [{ aud: 'someone-else' }, { iss: 'evil' }]) {
			const token = await new SignJWT({ ...claims, ...change })
				.setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid })
				.sign(createPrivateKey(pem));
			expect((await me(token)).status).toBe(401);
		}
	});
});
