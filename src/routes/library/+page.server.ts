import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { listLibrary } from '$lib/server/library';
import { booksInProgress } from '$lib/server/library/continue-listening';
import { LibrarySearchInput, librarySearchParams, searchLibrary } from '$lib/server/library/search';
import { queryWords } from '$lib/text/transcript-match';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.caller) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
	const { db } = await getApp();
	const userId = locals.caller.user.id;
	// ?q= is the search form without JavaScript; with it, the form asks the API (or, offline, the downloads).
	const parsed = LibrarySearchInput.safeParse(librarySearchParams(url.searchParams));
	const search =
		parsed.success && queryWords(parsed.data.q).length ? { q: parsed.data.q, ...(await searchLibrary(db, userId, parsed.data)) } : null;
	const [books, inProgress] = await Promise.all([listLibrary(db, userId), booksInProgress(db, userId)]);
	return { books, inProgress, search };
};
