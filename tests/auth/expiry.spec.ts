/** Expiry rules, with the clock moved by hand instead of waiting (service level, real database and SMTP). */
import { describe, expect, it } from 'vitest';
import {
	authenticateAccessToken,
	confirmPasswordReset,
	requestPasswordReset,
	signUp,
	startApiSession
} from '../../src/lib/server/auth/service';
import { testMeta, useTestAuth } from '../helpers/auth-deps';
import { uniqueEmail } from '../helpers/http';
import { waitForMail } from '../services/smtp-sink';

const t = useTestAuth();

async function mailedToken(email: string) {
	return decodeURIComponent(await waitForMail(process.env.TEST_SMTP_API!, email, /token=([\w%-]+)/));
}

describe('password reset token lifetime', () => {
	it.each([
		['works just before 30 minutes', 29 * 60_000 + 59_000, true],
		['is refused after 30 minutes', 30 * 60_000 + 1, false]
	])('%s', async (_, elapsed, works) => {
		const email = uniqueEmail('expiry');
		await signUp(t.deps, { email, password: 'initial password', name: 'E' }, testMeta);
		await requestPasswordReset(t.deps, email, testMeta);
		const token = await mailedToken(email);
		t.advance(elapsed);
		const attempt = confirmPasswordReset(t.deps, token, 'a later password');
		if (works) await expect(attempt).resolves.toBeUndefined();
		else await expect(attempt).rejects.toMatchObject({ code: 'invalid_input' });
	});
});

describe('access token lifetime', () => {
	it('refuses an access token after 15 minutes, while the session lives on', async () => {
		const user = await signUp(t.deps, { email: uniqueEmail('at'), password: 'initial password', name: 'E' }, testMeta);
		const pair = await startApiSession(t.deps, user, testMeta);
		t.advance(14 * 60_000);
		await expect(authenticateAccessToken(t.deps, pair.accessToken)).resolves.toMatchObject({ user: { id: user.id } });
		t.advance(2 * 60_000);
		await expect(authenticateAccessToken(t.deps, pair.accessToken)).rejects.toMatchObject({ code: 'unauthenticated' });
	});
});
