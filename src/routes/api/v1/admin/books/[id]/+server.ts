import { getApp } from '$lib/server/app';
import { catalogDeps, deleteBook, getAdminBook, updateBook } from '$lib/server/catalog';
import { BookPatchInput } from '$lib/server/catalog/schemas';
import { api, json, readJson, requireAdmin } from '$lib/server/http/api';

export const GET = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	return json({ book: await getAdminBook(catalogDeps(app), event.params.id ?? '') });
});

export const PATCH = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	const patch = await readJson(event.request, BookPatchInput);
	return json({ book: await updateBook(catalogDeps(app), event.params.id ?? '', patch) });
});

/** 409 while any buyer owns the book; deletes its audio too. */
export const DELETE = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	await deleteBook(catalogDeps(app), event.params.id ?? '');
	return new Response(null, { status: 204 });
});
