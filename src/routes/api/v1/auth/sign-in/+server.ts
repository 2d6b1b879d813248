import { getApp } from '$lib/server/app';
import { SignInInput } from '$lib/server/auth/schemas';
import { authenticatePassword, startApiSession } from '$lib/server/auth/service';
import { api, clientMeta, json, readJson } from '$lib/server/http/api';

export const POST = api(async (event) => {
	const { auth } = await getApp();
	const input = await readJson(event.request, SignInInput);
	const meta = clientMeta(event);
	const user = await authenticatePassword(auth, input, meta);
	return json(await startApiSession(auth, user, meta));
});
