import { getApp } from '$lib/server/app';
import { SignUpInput } from '$lib/server/auth/schemas';
import { signUp, startApiSession } from '$lib/server/auth/service';
import { api, clientMeta, json, readJson } from '$lib/server/http/api';

export const POST = api(async (event) => {
	const { auth } = await getApp();
	const input = await readJson(event.request, SignUpInput);
	const meta = clientMeta(event);
	const user = await signUp(auth, input, meta);
	return json(await startApiSession(auth, user, meta), 201);
});
