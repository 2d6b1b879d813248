import { getApp } from '$lib/server/app';
import { api, json, requireAdmin } from '$lib/server/http/api';
import { cancelPipeline } from '$lib/server/pipeline';

export const POST = api(async (event) => {
	requireAdmin(event);
	const app = await getApp();
	return json(await cancelPipeline({ db: app.db, clock: Date.now }, event.params.id ?? ''));
});
