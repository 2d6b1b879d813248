/** Abuse limits: per client IP and per account, answered with 429 and Retry-After. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { client, uniqueEmail } from '../helpers/http';

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp({ RATE_LIMIT_IP_POINTS: '5', RATE_LIMIT_ACCOUNT_POINTS: '3' });
});
afterAll(async () => {
	await app?.stop();
});

describe('rate limits', () => {
	it('limits sign-ups per IP', async () => {
		const c = client(app.url);
		for (let i = 0; i < 5; i++) {
			expect((await c.post('/api/v1/auth/sign-up', { email: uniqueEmail(), password: 'long enough', name: 'R' })).status).toBe(201);
		}
		const limited = await c.post('/api/v1/auth/sign-up', { email: uniqueEmail(), password: 'long enough', name: 'R' });
		expect(limited.status).toBe(429);
		expect(limited.body.error.code).toBe('rate_limited');
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		// Another address is not affected.
		expect((await client(app.url).post('/api/v1/auth/sign-up', { email: uniqueEmail(), password: 'long enough', name: 'R' })).status).toBe(201);
	});

	it('locks an account after failed sign-ins from many addresses, even for the right password', async () => {
		const email = uniqueEmail('target');
		await client(app.url).post('/api/v1/auth/sign-up', { email, password: 'the right one', name: 'T' });
		for (let i = 0; i < 3; i++) {
			expect((await client(app.url).post('/api/v1/auth/sign-in', { email, password: `guess ${i}` })).status).toBe(401);
		}
		const res = await client(app.url).post('/api/v1/auth/sign-in', { email, password: 'the right one' });
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
	});

	it('counts in the database: a second instance on it (or the app after a restart) sees the same lock', async () => {
		const email = uniqueEmail('shared');
		await client(app.url).post('/api/v1/auth/sign-up', { email, password: 'the right one', name: 'S' });
		for (let i = 0; i < 3; i++) {
			expect((await client(app.url).post('/api/v1/auth/sign-in', { email, password: `guess ${i}` })).status).toBe(401);
		}
		const other = await startTestApp({ DATABASE_URL: app.databaseUrl, RATE_LIMIT_IP_POINTS: '5', RATE_LIMIT_ACCOUNT_POINTS: '3' });
		try {
			const res = await client(other.url).post('/api/v1/auth/sign-in', { email, password: 'the right one' });
			expect(res.status).toBe(429);
			expect(res.body.error.code).toBe('rate_limited');
		} finally {
			await other.stop();
		}
	});

	it('limits password-reset requests per account', async () => {
		const email = uniqueEmail('reset');
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await client(app.url).post('/api/v1/auth/password-reset', { email })).status);
		expect(statuses).toEqual([202, 202, 202, 429]);
	});
});
