import { getApp } from '$lib/server/app';
import { ResetRequestInput } from '$lib/server/auth/schemas';
import { requestPasswordReset } from '$lib/server/auth/service';
import { api, clientMeta, json, readJson } from '$lib/server/http/api';

/** 202 whether or not the account exists. */
export const POST = api(async (event) => {
	const { auth } = await getApp();
	const { email } = await readJson(event.request, ResetRequestInput);
	await requestPasswordReset(auth, email, clientMeta(event));
	return json({ message: 'If an account exists for this email, a reset link is on its way.' }, 202);
});
