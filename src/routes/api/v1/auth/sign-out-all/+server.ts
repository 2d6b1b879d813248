import { getApp } from '$lib/server/app';
import { signOutEverywhere } from '$lib/server/auth/service';
import { api, requireAuth } from '$lib/server/http/api';

export const POST = api(async (event) => {
	const { auth } = await getApp();
	await signOutEverywhere(auth, requireAuth(event).user.id);
	return new Response(null, { status: 204 });
});
