import { getApp } from '$lib/server/app';
import { CheckoutInput, IdempotencyKey } from '$lib/server/cart/schemas';
import { fromZod } from '$lib/server/errors';
import { api, json, readJson, requireAuth } from '$lib/server/http/api';
import { checkout } from '$lib/server/orders';

/** 201 with the new order; 200 with the same order when this cart (or Idempotency-Key) was already checked out. */
export const POST = api(async (event) => {
	const user = requireAuth(event).user;
	const { cartId } = await readJson(event.request, CheckoutInput);
	const header = event.request.headers.get('idempotency-key');
	const key = header === null ? null : IdempotencyKey.safeParse(header);
	if (key && !key.success) throw fromZod(key.error);
	const { db } = await getApp();
	const { order, created } = await checkout(db, user.id, { cartId, idempotencyKey: key?.data ?? null });
	return json({ order }, created ? 201 : 200, { location: `/api/v1/orders/${order.id}` });
});
