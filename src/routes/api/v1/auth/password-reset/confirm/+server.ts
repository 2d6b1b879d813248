import { getApp } from '$lib/server/app';
import { ResetConfirmInput } from '$lib/server/auth/schemas';
import { confirmPasswordReset } from '$lib/server/auth/service';
import { api, readJson } from '$lib/server/http/api';

export const POST = api(async (event) => {
	const { auth } = await getApp();
	const { token, password } = await readJson(event.request, ResetConfirmInput);
	await confirmPasswordReset(auth, token, password);
	return new Response(null, { status: 204 });
});
