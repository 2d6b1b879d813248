import { getApp } from '$lib/server/app';
import { api, json, requireAuth } from '$lib/server/http/api';
import { listMarks } from '$lib/server/library/marks';

/** The caller's bookmarks and clips in the book, in book order: `{marks: [{id, kind, startMs, endMs, note, createdAt, changedAt}]}`. */
export const GET = api(async (event) => {
	const user = requireAuth(event).user;
	const { db } = await getApp();
	return json({ marks: await listMarks(db, user, event.params.bookId ?? '') }, 200, { 'cache-control': 'no-store' });
});
