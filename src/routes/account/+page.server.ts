import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getApp } from '$lib/server/app';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { listSessions, revokeOwnSession, signOutEverywhere } from '$lib/server/auth/service';
import { formAction, readForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.caller) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
	const { auth } = await getApp();
	const sessions = await listSessions(auth, locals.caller.user.id);
	return {
		sessions: sessions.map((s) => ({ ...s, current: s.id === locals.caller?.session.id }))
	};
};

export const actions: Actions = {
	revoke: async (event) => {
		const me = event.locals.caller;
		if (!me) redirect(303, '/sign-in');
		const { auth } = await getApp();
		return formAction(async () => {
			const { id } = await readForm(event.request, z.object({ id: z.string().min(1).max(64) }));
			await revokeOwnSession(auth, me.user.id, id);
			return { revoked: id };
		});
	},
	signOutEverywhere: async ({ locals, cookies }) => {
		const me = locals.caller;
		if (!me) redirect(303, '/sign-in');
		const { auth, config } = await getApp();
		await signOutEverywhere(auth, me.user.id);
		clearSessionCookie(cookies, config.secureCookies);
		redirect(303, '/sign-in');
	}
};
