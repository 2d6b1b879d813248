import { getApp } from '$lib/server/app';
import { cartCount } from '$lib/server/cart';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const user = locals.caller?.user ?? null;
	const cartItems = user ? await cartCount((await getApp()).db, user.id) : 0;
	return { user, cartItems };
};
