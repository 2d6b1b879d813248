/**
 * The token API end to end against the production build, on SQLite and on MariaDB.
 * The first seven cases are the original system's auth tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { client, uniqueEmail } from '../helpers/http';
import { waitForMail } from '../services/smtp-sink';

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(async () => {
	await app?.stop();
});

const PASSWORD = 'correct horse battery';

async function signUp(c = client(app.url), email = uniqueEmail(), password = PASSWORD) {
	const res = await c.post('/api/v1/auth/sign-up', { email, password, name: 'Listener' });
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return { c, email, password, ...res.body } as {
		c: ReturnType<typeof client>;
		email: string;
		password: string;
		accessToken: string;
		refreshToken: string;
		user: { id: string };
	};
}

async function resetLink(email: string): Promise<string> {
	return waitForMail(process.env.TEST_SMTP_API!, email, /reset-password\?token=([\w%-]+)/);
}

describe('original auth cases', () => {
	it('signs up, then signs in', async () => {
		const c = client(app.url);
		const email = uniqueEmail();
		const up = await c.post('/api/v1/auth/sign-up', { email, password: PASSWORD, name: 'Ann' });
		expect(up.status).toBe(201);
		expect(up.body).toMatchObject({ user: { email, name: 'Ann', role: 'user' }, expiresIn: 900 });
		expect(up.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
		expect(up.body.refreshToken).toMatch(/^[\w-]{43}$/);
		const inRes = await c.post('/api/v1/auth/sign-in', { email: email.toUpperCase(), password: PASSWORD });
		expect(inRes.status).toBe(200);
		expect(inRes.body.user.id).toBe(up.body.user.id);
		expect(inRes.body.accessToken).not.toBe(up.body.accessToken);
	});

	it('refuses a sign-up with an existing email (409), whatever its case', async () => {
		const { c, email } = await signUp();
		const again = await c.post('/api/v1/auth/sign-up', { email: ` ${email.toUpperCase()} `, password: PASSWORD, name: 'B' });
		expect(again.status).toBe(409);
		expect(again.body.error.code).toBe('conflict');
	});

	it('answers a wrong password and an unknown email the same way (401)', async () => {
		const { c, email } = await signUp();
		const wrong = await c.post('/api/v1/auth/sign-in', { email, password: 'not the password' });
		const unknown = await c.post('/api/v1/auth/sign-in', { email: uniqueEmail('nobody'), password: 'not the password' });
		expect(wrong.status).toBe(401);
		expect(unknown.status).toBe(401);
		expect(unknown.body).toEqual(wrong.body);
	});

	it('refreshes: a new pair, and the old refresh token fails', async () => {
		const { c, refreshToken, accessToken } = await signUp();
		const r = await c.post('/api/v1/auth/refresh', { refreshToken });
		expect(r.status).toBe(200);
		expect(r.body.refreshToken).not.toBe(refreshToken);
		expect(r.body.accessToken).not.toBe(accessToken);
		expect((await c.get('/api/v1/auth/me', r.body.accessToken)).status).toBe(200);
		const old = await c.post('/api/v1/auth/refresh', { refreshToken });
		expect(old.status).toBe(401);
	});

	it('validates a good token and refuses a bad one', async () => {
		const { c, accessToken, email } = await signUp();
		const good = await c.get('/api/v1/auth/me', accessToken);
		expect(good.status).toBe(200);
		expect(good.body.user.email).toBe(email);
		expect(typeof good.body.session.id).toBe('string');
		expect(Date.parse(good.body.session.expiresAt)).toBeGreaterThan(Date.now());
		for (const bad of ['garbage', `${accessToken}x`, accessToken.split('.').slice(0, 2).join('.') + '.AAAA']) {
			const res = await c.get('/api/v1/auth/me', bad);
			expect(res.status, bad).toBe(401);
			expect(res.body.error.code).toBe('unauthenticated');
		}
		expect((await c.get('/api/v1/auth/me')).status).toBe(401);
	});

	it('resets a password: a wrong token fails, the mailed one works', async () => {
		const { c, email } = await signUp();
		expect((await c.post('/api/v1/auth/password-reset', { email })).status).toBe(202);
		const wrong = await c.post('/api/v1/auth/password-reset/confirm', { token: 'A'.repeat(43), password: 'a new password' });
		expect(wrong.status).toBe(400);
		const token = decodeURIComponent(await resetLink(email));
		const ok = await c.post('/api/v1/auth/password-reset/confirm', { token, password: 'a new password' });
		expect(ok.status).toBe(204);
		expect((await c.post('/api/v1/auth/sign-in', { email, password: 'a new password' })).status).toBe(200);
		expect((await c.post('/api/v1/auth/sign-in', { email, password: PASSWORD })).status).toBe(401);
	});

	it('revokes a session, and revoking it again fails', async () => {
		const { c, accessToken } = await signUp();
		expect((await c.post('/api/v1/auth/sign-out', undefined, accessToken)).status).toBe(204);
		expect((await c.post('/api/v1/auth/sign-out', undefined, accessToken)).status).toBe(401);
		expect((await c.get('/api/v1/auth/me', accessToken)).status).toBe(401);
	});
});

describe('refresh tokens', () => {
	it('revokes the whole session when a rotated refresh token is presented again', async () => {
		const { c, refreshToken } = await signUp();
		const r1 = await c.post('/api/v1/auth/refresh', { refreshToken });
		expect(r1.status).toBe(200);
		expect((await c.post('/api/v1/auth/refresh', { refreshToken })).status).toBe(401);
		// The thief's replay killed the legitimate chain too.
		expect((await c.get('/api/v1/auth/me', r1.body.accessToken)).status).toBe(401);
		expect((await c.post('/api/v1/auth/refresh', { refreshToken: r1.body.refreshToken })).status).toBe(401);
	});

	it('turns 20 parallel refreshes of one token into one rotation', async () => {
		const { c, refreshToken, user } = await signUp();
		const results = await Promise.all(
			Array.from({ length: 20 }, () => c.post('/api/v1/auth/refresh', { refreshToken }))
		);
		const ok = results.filter((r) => r.status === 200);
		expect(ok.length).toBeGreaterThanOrEqual(1);
		expect(results.every((r) => r.status === 200 || r.status === 401)).toBe(true);
		expect(new Set(ok.map((r) => r.body.refreshToken)).size).toBe(1);
		const rows = await app
			.db()
			.selectFrom('refresh_tokens')
			.innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
			.select(['refresh_tokens.id', 'refresh_tokens.parent_id'])
			.where('sessions.user_id', '=', user.id)
			.execute();
		expect(rows).toHaveLength(2); // the original and exactly one successor
		expect(rows.filter((r) => r.parent_id !== null)).toHaveLength(1);
		if (ok.length === 20) {
			expect((await c.get('/api/v1/auth/me', ok[0]!.body.accessToken)).status).toBe(200);
		}
	});

	it('refuses a refresh token presented as an access token, and the reverse', async () => {
		const { c, refreshToken, accessToken } = await signUp();
		expect((await c.get('/api/v1/auth/me', refreshToken)).status).toBe(401);
		expect((await c.post('/api/v1/auth/refresh', { refreshToken: accessToken })).status).toBe(401);
	});
});

describe('password reset', () => {
	it('answers 202 for an unknown email too, and sends nothing', async () => {
		const c = client(app.url);
		const email = uniqueEmail('ghost');
		const res = await c.post('/api/v1/auth/password-reset', { email });
		expect(res.status).toBe(202);
		await expect(waitForMail(process.env.TEST_SMTP_API!, email, /token=/, 1500)).rejects.toThrow();
	});

	it('revokes every session of the account', async () => {
		const { c, email, accessToken, refreshToken } = await signUp();
		const second = await c.post('/api/v1/auth/sign-in', { email, password: PASSWORD });
		await c.post('/api/v1/auth/password-reset', { email });
		const token = decodeURIComponent(await resetLink(email));
		expect((await c.post('/api/v1/auth/password-reset/confirm', { token, password: 'brand new pass' })).status).toBe(204);
		expect((await c.get('/api/v1/auth/me', accessToken)).status).toBe(401);
		expect((await c.get('/api/v1/auth/me', second.body.accessToken)).status).toBe(401);
		expect((await c.post('/api/v1/auth/refresh', { refreshToken })).status).toBe(401);
	});

	it.each([
		['no Accept-Language', undefined, /Someone asked to reset the password[\s\S]*within 30 minutes:\n\S+reset-password\?token=/],
		['Accept-Language: th', 'th-TH,th;q=0.9', /มีผู้ขอตั้งรหัสผ่านใหม่[\s\S]*ภายใน 30 นาที:\n\S+reset-password\?token=/]
	])('writes the mail in the language of the request (%s)', async (_, acceptLanguage, text) => {
		const { email } = await signUp();
		const res = await fetch(`${app.url}/api/v1/auth/password-reset`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}) },
			body: JSON.stringify({ email })
		});
		expect(res.status).toBe(202);
		expect(await waitForMail(process.env.TEST_SMTP_API!, email, text)).toBeTruthy();
	});

	it('uses a token once only', async () => {
		const { c, email } = await signUp();
		await c.post('/api/v1/auth/password-reset', { email });
		const token = decodeURIComponent(await resetLink(email));
		expect((await c.post('/api/v1/auth/password-reset/confirm', { token, password: 'first new pass' })).status).toBe(204);
		const again = await c.post('/api/v1/auth/password-reset/confirm', { token, password: 'second new pass' });
		expect(again.status).toBe(400);
		expect(again.body.error.field).toBe('token');
	});

	it('makes an older token worthless once a newer one is requested', async () => {
		const { c, email } = await signUp();
		await c.post('/api/v1/auth/password-reset', { email });
		const first = decodeURIComponent(await resetLink(email));
		await c.post('/api/v1/auth/password-reset', { email });
		let second = first;
		for (let i = 0; i < 50 && second === first; i++) {
			second = decodeURIComponent(await resetLink(email));
			if (second === first) await new Promise((r) => setTimeout(r, 100));
		}
		expect(second).not.toBe(first);
		expect((await c.post('/api/v1/auth/password-reset/confirm', { token: first, password: 'older token pass' })).status).toBe(400);
		expect((await c.post('/api/v1/auth/password-reset/confirm', { token: second, password: 'newer token pass' })).status).toBe(204);
	});
});

describe('passwords', () => {
	it('tells apart two 73-byte passwords that differ only in the last byte', async () => {
		const base = 'a'.repeat(72);
		const { c, email } = await signUp(undefined, uniqueEmail(), `${base}b`);
		expect((await c.post('/api/v1/auth/sign-in', { email, password: `${base}c` })).status).toBe(401);
		expect((await c.post('/api/v1/auth/sign-in', { email, password: `${base}b` })).status).toBe(200);
	});

	it('accepts unicode passwords, equal under NFC normalisation', async () => {
		const composed = 'ขอบคุณ café 🔑 ñandú';
		const { c, email } = await signUp(undefined, uniqueEmail(), composed);
		expect((await c.post('/api/v1/auth/sign-in', { email, password: composed.normalize('NFD') })).status).toBe(200);
		expect((await c.post('/api/v1/auth/sign-in', { email, password: 'ขอบคุณ cafe 🔑 ñandú' })).status).toBe(401);
	});

	it.each([
		['too short', '1234567'],
		['too long', 'x'.repeat(129)],
		['emoji count as one character each', '🔑🔑🔑🔑🔑🔑🔑']
	])('refuses a password that is %s', async (_, password) => {
		const res = await client(app.url).post('/api/v1/auth/sign-up', { email: uniqueEmail(), password, name: 'X' });
		expect(res.status).toBe(400);
		expect(res.body.error.field).toBe('password');
	});

	it('stores no password or token in plain text anywhere', async () => {
		const secret = 'plain-text-canary-password';
		const { c, email, accessToken, refreshToken } = await signUp(undefined, uniqueEmail(), secret);
		const refreshed = await c.post('/api/v1/auth/refresh', { refreshToken });
		await c.post('/api/v1/auth/password-reset', { email });
		const resetToken = decodeURIComponent(await resetLink(email));
		const db = app.db();
		const tables = ['users', 'sessions', 'refresh_tokens', 'password_resets', 'oauth_accounts'] as const;
		const dump = JSON.stringify(await Promise.all(tables.map((t) => db.selectFrom(t).selectAll().execute())));
		for (const needle of [secret, accessToken, refreshToken, refreshed.body.refreshToken, refreshed.body.accessToken, resetToken]) {
			expect(dump.includes(needle)).toBe(false);
		}
		expect(dump).toContain('$2b$10$'); // bcrypt at the configured cost
	});
});

describe('input', () => {
	it('answers malformed JSON with 400', async () => {
		const res = await client(app.url).postRaw('/api/v1/auth/sign-in', '{"email":');
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('invalid_input');
	});

	it.each([
		['email', { password: PASSWORD, name: 'X' }],
		['password', { email: 'a@example.com', name: 'X' }],
		['name', { email: 'a@example.com', password: PASSWORD }],
		['email', { email: 'not-an-email', password: PASSWORD, name: 'X' }]
	])('names the missing or bad field (%s)', async (field, body) => {
		const res = await client(app.url).post('/api/v1/auth/sign-up', body);
		expect(res.status).toBe(400);
		expect(res.body.error.field).toBe(field);
		expect(res.body.error.message).toContain(field);
	});

	it('refuses a body that is not JSON', async () => {
		const res = await fetch(`${app.url}/api/v1/auth/sign-in`, { method: 'POST', body: 'email=a', headers: { 'content-type': 'text/plain', origin: app.url } });
		expect(res.status).toBe(400);
	});
});

describe('roles', () => {
	it('refuses admin endpoints to users (403) and visitors (401)', async () => {
		const { c, accessToken, user } = await signUp();
		expect((await c.put(`/api/v1/admin/users/${user.id}/ban`, undefined, accessToken)).status).toBe(403);
		expect((await c.put(`/api/v1/admin/users/${user.id}/ban`)).status).toBe(401);
		const page = await fetch(`${app.url}/admin`, { headers: { authorization: `Bearer ${accessToken}` } });
		expect(page.status).toBe(403);
		expect((await fetch(`${app.url}/admin`)).status).toBe(401);
	});

	it('lets an admin ban a user: their sessions stop at the next request', async () => {
		const { c, accessToken, user, email } = await signUp();
		const admin = await c.post('/api/v1/auth/sign-in', app.admin);
		expect(admin.status).toBe(200);
		expect(admin.body.user.role).toBe('admin');
		expect((await c.put(`/api/v1/admin/users/${user.id}/ban`, undefined, admin.body.accessToken)).status).toBe(204);
		expect((await c.get('/api/v1/auth/me', accessToken)).status).toBe(401);
		expect((await c.post('/api/v1/auth/sign-in', { email, password: PASSWORD })).status).toBe(403);
		expect((await c.del(`/api/v1/admin/users/${user.id}/ban`, admin.body.accessToken)).status).toBe(204);
		expect((await c.post('/api/v1/auth/sign-in', { email, password: PASSWORD })).status).toBe(200);
	});
});

describe('sessions list', () => {
	it('lists the sessions and revokes one; revoking it again is 404', async () => {
		const { c, email, accessToken } = await signUp();
		const other = await c.post('/api/v1/auth/sign-in', { email, password: PASSWORD });
		const list = await c.get('/api/v1/auth/sessions', accessToken);
		expect(list.status).toBe(200);
		expect(list.body.sessions).toHaveLength(2);
		const target = list.body.sessions.find((s: { current: boolean }) => !s.current);
		expect((await c.del(`/api/v1/auth/sessions/${target.id}`, accessToken)).status).toBe(204);
		expect((await c.del(`/api/v1/auth/sessions/${target.id}`, accessToken)).status).toBe(404);
		expect((await c.get('/api/v1/auth/me', other.body.accessToken)).status).toBe(401);
		expect((await c.get('/api/v1/auth/me', accessToken)).status).toBe(200);
	});

	it('cannot revoke another user’s session', async () => {
		const a = await signUp();
		const b = await signUp();
		const bSessions = await b.c.get('/api/v1/auth/sessions', b.accessToken);
		const res = await a.c.del(`/api/v1/auth/sessions/${bSessions.body.sessions[0].id}`, a.accessToken);
		expect(res.status).toBe(404);
		expect((await b.c.get('/api/v1/auth/me', b.accessToken)).status).toBe(200);
	});

	it('signs out everywhere', async () => {
		const { c, email, accessToken } = await signUp();
		const other = await c.post('/api/v1/auth/sign-in', { email, password: PASSWORD });
		expect((await c.post('/api/v1/auth/sign-out-all', undefined, accessToken)).status).toBe(204);
		expect((await c.get('/api/v1/auth/me', accessToken)).status).toBe(401);
		expect((await c.get('/api/v1/auth/me', other.body.accessToken)).status).toBe(401);
	});
});
