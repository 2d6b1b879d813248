import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getCart, removeFromCart } from '$lib/server/cart';
import { AddToCartInput, CheckoutInput } from '$lib/server/cart/schemas';
import { formAction, readForm } from '$lib/server/http/forms';
import { checkout } from '$lib/server/orders';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.caller) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
	const { db } = await getApp();
	return { cart: await getCart(db, locals.caller.user.id) };
};

export const actions: Actions = {
	remove: async ({ request, locals }) => {
		if (!locals.caller) redirect(303, '/sign-in?next=/cart');
		const userId = locals.caller.user.id;
		const { db } = await getApp();
		return formAction(async () => {
			const { bookId } = await readForm(request, AddToCartInput);
			await removeFromCart(db, userId, bookId);
		});
	},
	/** The form carries the cart id it showed, so a double submit returns the same order. */
	checkout: async ({ request, locals }) => {
		if (!locals.caller) redirect(303, '/sign-in?next=/cart');
		const userId = locals.caller.user.id;
		const { db } = await getApp();
		const result = await formAction(async () => {
			const { cartId } = await readForm(request, CheckoutInput);
			return (await checkout(db, userId, { cartId, idempotencyKey: null })).order;
		});
		if ('id' in result) redirect(303, `/orders/${result.id}`);
		return result;
	}
};
