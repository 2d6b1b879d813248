import { getApp } from '$lib/server/app';
import { api, json, requireAdmin } from '$lib/server/http/api';
import { getPipeline } from '$lib/server/pipeline';

/** The book's steps and its recent events (the console continues from the last event's id). */
export const GET = api(async (event) => {
	requireAdmin(event);
	const app = await getApp();
	return json(await getPipeline({ db: app.db, clock: Date.now }, event.params.id ?? ''));
});
