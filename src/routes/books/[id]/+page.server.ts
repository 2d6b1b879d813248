import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { addToCart, getCart } from '$lib/server/cart';
import { AddToCartInput } from '$lib/server/cart/schemas';
import { bookDetail } from '$lib/server/catalog/browse';
import { formAction, readForm } from '$lib/server/http/forms';
import { orPageError } from '$lib/server/http/pages';
import { owns } from '$lib/server/library';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const { db, config } = await getApp();
	const book = await orPageError(() => bookDetail(db, params.id, config.PREVIEW_SECONDS));
	const user = locals.caller?.user;
	const owned = user ? await owns(db, user.id, book.id) : false;
	const inCart = user && !owned ? (await getCart(db, user.id)).items.some((i) => i.bookId === book.id) : false;
	return { book, owned, inCart, at: searchedSecond(url.searchParams.get('t'), book.durationMs) };
};

/** ?t=<second> from a transcript search hit; ignored unless it is a whole second inside the book. */
function searchedSecond(t: string | null, durationMs: number): number | null {
	if (t === null || !/^\d{1,7}$/.test(t)) return null;
	const second = Number(t);
	return second * 1000 < durationMs ? second : null;
}

export const actions: Actions = {
	add: async ({ request, locals, url }) => {
		if (!locals.caller) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
		const userId = locals.caller.user.id;
		const { db } = await getApp();
		return formAction(async () => {
			const { bookId } = await readForm(request, AddToCartInput);
			await addToCart(db, userId, bookId);
			return { added: true };
		});
	}
};
