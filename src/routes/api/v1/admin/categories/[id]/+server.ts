import { getApp } from '$lib/server/app';
import { deleteCategory, renameCategory } from '$lib/server/catalog';
import { CategoryPatchInput } from '$lib/server/catalog/schemas';
import { api, json, readJson, requireAdmin } from '$lib/server/http/api';

export const PATCH = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	const input = await readJson(event.request, CategoryPatchInput);
	return json({ category: await renameCategory(app.db, event.params.id ?? '', input) });
});

/** Books keep existing; they only lose this category. */
export const DELETE = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	await deleteCategory(app.db, event.params.id ?? '');
	return new Response(null, { status: 204 });
});
