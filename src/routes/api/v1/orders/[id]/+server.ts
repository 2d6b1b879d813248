import { getApp } from '$lib/server/app';
import { api, json, requireAuth } from '$lib/server/http/api';
import { getOrder } from '$lib/server/orders';

export const GET = api(async (event) => {
	const { db } = await getApp();
	return json({ order: await getOrder(db, requireAuth(event).user.id, event.params.id ?? '') });
});
