import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { orPageError } from '$lib/server/http/pages';
import { getOrder } from '$lib/server/orders';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!locals.caller) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
	const userId = locals.caller.user.id;
	const { db } = await getApp();
	return { order: await orPageError(() => getOrder(db, userId, params.id)) };
};
