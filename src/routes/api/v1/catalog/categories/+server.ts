import { getApp } from '$lib/server/app';
import { categories } from '$lib/server/catalog/browse';
import { PUBLIC_SHORT_CACHE, api, json } from '$lib/server/http/api';

export const GET = api(async () => {
	const { db } = await getApp();
	return json({ categories: await categories(db) }, 200, PUBLIC_SHORT_CACHE);
});
