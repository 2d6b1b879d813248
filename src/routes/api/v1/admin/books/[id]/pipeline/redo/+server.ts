import { getApp } from '$lib/server/app';
import { api, json, readJson, requireAdmin } from '$lib/server/http/api';
import { redoStep } from '$lib/server/pipeline';
import { RedoInput } from '$lib/server/pipeline/schemas';

export const POST = api(async (event) => {
	requireAdmin(event);
	const { step } = await readJson(event.request, RedoInput);
	const app = await getApp();
	return json(await redoStep({ db: app.db, clock: Date.now }, event.params.id ?? '', step));
});
