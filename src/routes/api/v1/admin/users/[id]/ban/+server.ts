import { getApp } from '$lib/server/app';
import { setUserBanned } from '$lib/server/auth/service';
import { forbidden } from '$lib/server/errors';
import { api, requireAdmin } from '$lib/server/http/api';

/** PUT bans the user (every session ends at its next request); DELETE lifts the ban. */
const setBan = (banned: boolean) =>
	api(async (event) => {
		const { auth } = await getApp();
		const admin = requireAdmin(event);
		if (admin.user.id === event.params.id) throw forbidden('Admins cannot ban themselves.');
		await setUserBanned(auth, event.params.id ?? '', banned);
		return new Response(null, { status: 204 });
	});

export const PUT = setBan(true);
export const DELETE = setBan(false);
