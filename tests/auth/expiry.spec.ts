/** Expiry rules, with the clock moved by hand instead of waiting (service level, real database and SMTP). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	authenticateAccessToken,
	confirmPasswordReset,
	requestPasswordReset,
	signUp,
	startApiSession
} from '../../src/lib/server/auth/service';
import { createTestAuth, type TestAuth } from '../helpers/auth-deps';
import { uniqueEmail } from '../helpers/http';
import { waitForMail } from '../services/smtp-sink';

let t: TestAuth;
beforeAll(async () => {
	t = await createTestAuth();
});
afterAll(async () => {
	await t?.close();
});

const meta = { ip: '127.0.0.1', userAgent: 'vitest' };

async function mailedToken(email: string) {
	return decodeURIComponent(await waitForMail(process.env.TEST_SMTP_API!, email, /token=([\w%-]+)/));
}

describe('password reset token lifetime', () => {
	it.each([
		['works just before 30 minutes', 29 * 60_000 + 59_000, true],
		['is refused after 30 minutes', 30 * 60_000 + 1, false]
	])('%s', async (_, elapsed, works) => {
		const email = uniqueEmail('expiry');
		await signUp(t.deps, { email, password: 'initial password', name: 'E' }, meta);
		await requestPasswordReset(t.deps, email, meta);
		const token = await mailedToken(email);
		t.advance(elapsed);
		const attempt = confirmPasswordReset(t.deps, token, 'a later password');
		if (works) await expect(attempt).resolves.toBeUndefined();
		else await expect(attempt).rejects.toMatchObject({ code: 'invalid_input' });
	});
});

describe('access token lifetime', () => {
	it('refuses an access token after 15 minutes, while the session lives on', async () => {
		const user = await signUp(t.deps, { email: uniqueEmail('at'), password: 'initial password', name: 'E' }, meta);
		const pair = await startApiSession(t.deps, user, meta);
		t.advance(14 * 60_000);
		await expect(authenticateAccessToken(t.deps, pair.accessToken)).resolves.toMatchObject({ user: { id: user.id } });
		t.advance(2 * 60_000);
		await expect(authenticateAccessToken(t.deps, pair.accessToken)).rejects.toMatchObject({ code: 'unauthenticated' });
	});
});
