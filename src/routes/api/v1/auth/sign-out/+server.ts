import { getApp } from '$lib/server/app';
import { signOut } from '$lib/server/auth/service';
import { api, requireAuth } from '$lib/server/http/api';

export const POST = api(async (event) => {
	const { auth } = await getApp();
	await signOut(auth, requireAuth(event).session.id);
	return new Response(null, { status: 204 });
});
