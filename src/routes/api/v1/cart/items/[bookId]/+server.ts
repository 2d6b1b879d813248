import { getApp } from '$lib/server/app';
import { addToCart, removeFromCart } from '$lib/server/cart';
import { api, json, requireAuth } from '$lib/server/http/api';

/** Idempotent add of one book (the same as POST /cart with {bookId}). */
export const PUT = api(async (event) => {
	const user = requireAuth(event).user;
	const { db } = await getApp();
	return json({ cart: await addToCart(db, user.id, event.params.bookId ?? '') });
});

export const DELETE = api(async (event) => {
	const user = requireAuth(event).user;
	const { db } = await getApp();
	return json({ cart: await removeFromCart(db, user.id, event.params.bookId ?? '') });
});
