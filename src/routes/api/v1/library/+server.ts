import { getApp } from '$lib/server/app';
import { api, json, requireAuth } from '$lib/server/http/api';
import { listLibrary } from '$lib/server/library';

export const GET = api(async (event) => {
	const { db } = await getApp();
	return json({ books: await listLibrary(db, requireAuth(event).user.id) });
});
