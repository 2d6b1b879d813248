import { getApp } from '$lib/server/app';
import { addToCart, clearCart, getCart } from '$lib/server/cart';
import { AddToCartInput } from '$lib/server/cart/schemas';
import { api, json, readJson, requireAuth } from '$lib/server/http/api';

export const GET = api(async (event) => {
	const { db } = await getApp();
	return json({ cart: await getCart(db, requireAuth(event).user.id) });
});

export const POST = api(async (event) => {
	const user = requireAuth(event).user;
	const { bookId } = await readJson(event.request, AddToCartInput);
	const { db } = await getApp();
	return json({ cart: await addToCart(db, user.id, bookId) });
});

export const DELETE = api(async (event) => {
	const { db } = await getApp();
	return json({ cart: await clearCart(db, requireAuth(event).user.id) });
});
