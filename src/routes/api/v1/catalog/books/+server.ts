import { getApp } from '$lib/server/app';
import { BrowseInput, browseBooks, browseParams } from '$lib/server/catalog/browse';
import { fromZod } from '$lib/server/errors';
import { PUBLIC_SHORT_CACHE, api, json } from '$lib/server/http/api';

export const GET = api(async ({ url }) => {
	const parsed = BrowseInput.safeParse(browseParams(url.searchParams));
	if (!parsed.success) throw fromZod(parsed.error);
	const { db, shelves } = await getApp();
	return json(await browseBooks(db, parsed.data, shelves), 200, PUBLIC_SHORT_CACHE);
});
