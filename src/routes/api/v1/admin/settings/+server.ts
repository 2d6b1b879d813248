import { z } from 'zod';
import { getApp } from '$lib/server/app';
import { api, json, readJson, requireAdmin } from '$lib/server/http/api';
import { getPublishPolicy, PublishPolicy, setPublishPolicy } from '$lib/server/settings';

const SettingsPatch = z.object({ publishPolicy: PublishPolicy }).strict();

export const GET = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	return json({ publishPolicy: await getPublishPolicy(app.db) });
});

/** `{"publishPolicy": "auto" | "review"}`: what the pipeline does with the books it finishes from now on. */
export const PUT = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	const input = await readJson(event.request, SettingsPatch);
	await setPublishPolicy(app.db, input.publishPolicy, Date.now());
	return json({ publishPolicy: input.publishPolicy });
});
