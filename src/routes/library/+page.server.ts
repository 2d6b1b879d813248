import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { listLibrary } from '$lib/server/library';
import { booksInProgress } from '$lib/server/library/continue-listening';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.caller) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
	const { db } = await getApp();
	const [books, inProgress] = await Promise.all([listLibrary(db, locals.caller.user.id), booksInProgress(db, locals.caller.user.id)]);
	return { books, inProgress };
};
