import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { listLibrary } from '$lib/server/library';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.caller) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
	const { db } = await getApp();
	return { books: await listLibrary(db, locals.caller.user.id) };
};
