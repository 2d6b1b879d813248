import { getApp } from '$lib/server/app';
import { revokeOwnSession } from '$lib/server/auth/service';
import { api, requireAuth } from '$lib/server/http/api';

export const DELETE = api(async (event) => {
	const { auth } = await getApp();
	await revokeOwnSession(auth, requireAuth(event).user.id, event.params.id ?? "");
	return new Response(null, { status: 204 });
});
