import { getApp } from '$lib/server/app';
import { catalogDeps, setPublished } from '$lib/server/catalog';
import { api, json, requireAdmin } from '$lib/server/http/api';

export const POST = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	return json({ book: await setPublished(catalogDeps(app), event.params.id ?? '', true) });
});
