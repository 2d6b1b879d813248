import { getApp } from '$lib/server/app';
import { fromZod } from '$lib/server/errors';
import { api, json, requireAuth } from '$lib/server/http/api';
import { LibrarySearchInput, librarySearchParams, searchLibrary } from '$lib/server/library/search';

/** `?q=words&offset=&limit=`: passages of the caller's own books that say the words, phrase matches first. */
export const GET = api(async (event) => {
	const user = requireAuth(event).user;
	const parsed = LibrarySearchInput.safeParse(librarySearchParams(event.url.searchParams));
	if (!parsed.success) throw fromZod(parsed.error);
	const { db } = await getApp();
	return json(await searchLibrary(db, user.id, parsed.data), 200, { 'cache-control': 'private, no-store' });
});
