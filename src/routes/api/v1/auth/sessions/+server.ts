import { getApp } from '$lib/server/app';
import { listSessions } from '$lib/server/auth/service';
import { api, json, requireAuth } from '$lib/server/http/api';

export const GET = api(async (event) => {
	const { auth } = await getApp();
	const me = requireAuth(event);
	const sessions = await listSessions(auth, me.user.id);
	return json({ sessions: sessions.map((s) => ({ ...s, current: s.id === me.session.id })) });
});
