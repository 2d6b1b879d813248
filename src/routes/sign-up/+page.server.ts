import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { SignUpInput } from '$lib/server/auth/schemas';
import { signUp, startBrowserSession } from '$lib/server/auth/service';
import { clientMeta } from '$lib/server/http/api';
import { formAction, readForm } from '$lib/server/http/forms';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const { auth, config } = await getApp();
		const result = await formAction(async () => {
			const input = await readForm(event.request, SignUpInput);
			const meta = clientMeta(event);
			const user = await signUp(auth, input, meta);
			const { token, expiresAt } = await startBrowserSession(auth, user, meta);
			setSessionCookie(event.cookies, config.secureCookies, token, expiresAt);
		});
		if (result) return result;
		redirect(303, '/account');
	}
};
