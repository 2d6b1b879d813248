import { getApp } from '$lib/server/app';
import { api, json, readJson, requireAuth } from '$lib/server/http/api';
import { readPosition, savePosition } from '$lib/server/library';
import { PositionInput } from '$lib/server/library/schemas';

/** Where the caller is in the book: `{positionMs, updatedAt}` (`updatedAt` null before they start). */
export const GET = api(async (event) => {
	const user = requireAuth(event).user;
	const { db } = await getApp();
	return json(await readPosition(db, user, event.params.bookId ?? ''));
});

/** `{positionMs, at}`: stored unless a later observation is; answers with the position that stands. */
export const PUT = api(async (event) => {
	const user = requireAuth(event).user;
	const { db } = await getApp();
	const input = await readJson(event.request, PositionInput);
	return json(await savePosition(db, user, event.params.bookId ?? '', input, Date.now()));
});
