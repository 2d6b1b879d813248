import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { orPageError } from '$lib/server/http/pages';
import { listeningSession } from '$lib/server/library';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = locals.caller?.user;
	if (!user) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
	const { db } = await getApp();
	return { listener: user.id, ...(await orPageError(() => listeningSession(db, user, params.bookId))) };
};
