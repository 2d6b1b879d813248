import { getApp } from '$lib/server/app';
import { api, json, readJson, requireAdmin } from '$lib/server/http/api';
import { setStepProvider } from '$lib/server/pipeline';
import { ProviderInput } from '$lib/server/pipeline/schemas';

export const POST = api(async (event) => {
	requireAdmin(event);
	const { step, provider } = await readJson(event.request, ProviderInput);
	const app = await getApp();
	return json(await setStepProvider({ db: app.db, clock: Date.now }, event.params.id ?? '', step, provider));
});
