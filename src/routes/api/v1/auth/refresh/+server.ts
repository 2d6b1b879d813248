import { getApp } from '$lib/server/app';
import { RefreshInput } from '$lib/server/auth/schemas';
import { refresh } from '$lib/server/auth/service';
import { api, json, readJson } from '$lib/server/http/api';

export const POST = api(async (event) => {
	const { auth } = await getApp();
	const { refreshToken } = await readJson(event.request, RefreshInput);
	return json(await refresh(auth, refreshToken));
});
