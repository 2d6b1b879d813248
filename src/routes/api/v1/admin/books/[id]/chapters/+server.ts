import { getApp } from '$lib/server/app';
import { adminChapters, saveAdminChapters } from '$lib/server/chapters';
import { ChaptersInput } from '$lib/server/chapters/schemas';
import { api, json, readJson, requireAdmin } from '$lib/server/http/api';

/** `{durationMs, chapters: [{startMs, title, source}]}` in order. */
export const GET = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	return json(await adminChapters(app.db, event.params.id ?? ''));
});

/**
 * `{chapters: [{startMs, title}]}` replaces the book's chapters (add, move, rename and delete are all
 * one list); sorted, unique times within the recording, titles 1–200 characters. They become the
 * admin's: a redo of the chapters step keeps them.
 */
export const PUT = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	const input = await readJson(event.request, ChaptersInput);
	return json(await saveAdminChapters(app.db, event.params.id ?? '', input));
});
