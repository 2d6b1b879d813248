import { getApp } from '$lib/server/app';
import { createCategory, listCategories } from '$lib/server/catalog';
import { NewCategoryInput } from '$lib/server/catalog/schemas';
import { api, json, readJson, requireAdmin } from '$lib/server/http/api';

export const GET = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	return json({ categories: await listCategories(app.db) });
});

export const POST = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	const input = await readJson(event.request, NewCategoryInput);
	return json({ category: await createCategory({ db: app.db, clock: Date.now }, input) }, 201);
});
