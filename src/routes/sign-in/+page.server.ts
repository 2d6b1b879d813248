import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { google } from '$lib/server/auth/google';
import { SignInInput } from '$lib/server/auth/schemas';
import { authenticatePassword, startBrowserSession } from '$lib/server/auth/service';
import { clientMeta } from '$lib/server/http/api';
import { formAction, readForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') ? next : '/account';
}

export const load: PageServerLoad = async ({ url }) => {
	const { config } = await getApp();
	return {
		googleEnabled: Boolean(config.GOOGLE_CLIENT_ID),
		error: url.searchParams.get('error'),
		reset: url.searchParams.has('reset')
	};
};

export const actions: Actions = {
	password: async (event) => {
		const { auth, config } = await getApp();
		const result = await formAction(async () => {
			const input = await readForm(event.request, SignInInput);
			const meta = clientMeta(event);
			const user = await authenticatePassword(auth, input, meta);
			const { token, expiresAt } = await startBrowserSession(auth, user, meta);
			setSessionCookie(event.cookies, config.secureCookies, token, expiresAt);
		});
		if (result) return result;
		redirect(303, safeNext(event.url.searchParams.get('next')));
	},
	google: google.signIn
};
