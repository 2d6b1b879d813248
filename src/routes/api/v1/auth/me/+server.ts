import { api, json, requireAuth } from '$lib/server/http/api';

export const GET = api(async (event) => {
	const { user, session } = requireAuth(event);
	return json({ user, session: { id: session.id, expiresAt: new Date(session.expires_at).toISOString() } });
});
