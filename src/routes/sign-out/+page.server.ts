import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { signOut } from '$lib/server/auth/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/account');

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		const { auth, config } = await getApp();
		if (locals.caller) await signOut(auth, locals.caller.session.id);
		clearSessionCookie(cookies, config.secureCookies);
		redirect(303, '/');
	}
};
