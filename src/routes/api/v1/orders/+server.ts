import { getApp } from '$lib/server/app';
import { api, json, requireAuth } from '$lib/server/http/api';
import { listOrders } from '$lib/server/orders';

export const GET = api(async (event) => {
	const { db } = await getApp();
	return json({ orders: await listOrders(db, requireAuth(event).user.id) });
});
