import { getApp } from '$lib/server/app';
import { bookDetail } from '$lib/server/catalog/browse';
import { PUBLIC_SHORT_CACHE, api, json } from '$lib/server/http/api';

export const GET = api(async ({ params }) => {
	const { db, config } = await getApp();
	return json({ book: await bookDetail(db, params.id ?? '', config.PREVIEW_SECONDS) }, 200, PUBLIC_SHORT_CACHE);
});
