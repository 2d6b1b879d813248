/**
 * The buyer's cart, kept on the server: one open cart row per user, one of each book, shown at the
 * books' current prices. Checkout (orders/) turns it into an order; the next add opens a new cart.
 */
import type { Db } from '../db';
import { conflict, notFound } from '../errors';
import { ownedAmong } from '../library';
import * as carts from './cart.repository';

export interface CartItem {
	bookId: string;
	title: string;
	author: string;
	priceMinor: number;
	currency: string;
	addedAt: number;
	/** False once the book was taken off sale: checkout refuses until it is removed. */
	available: boolean;
}

export interface CartView {
	/** Send this to checkout; null while the user has no open cart (nothing added yet). */
	id: string | null;
	items: CartItem[];
	count: number;
	totalMinor: number;
	/** The currency of every item; null for an empty cart. */
	currency: string | null;
}

export async function getCart(db: Db, userId: string): Promise<CartView> {
	const id = await carts.findOpenCartId(db, userId);
	return view(id, id ? await carts.cartLines(db, id) : []);
}

export const cartCount = (db: Db, userId: string): Promise<number> => carts.countOpenCartItems(db, userId);

/** Adds one copy of a published book the user does not own yet; adding it again changes nothing. */
export async function addToCart(db: Db, userId: string, bookId: string, now = Date.now()): Promise<CartView> {
	return db.transaction().execute(async (trx) => {
		await carts.lockUserCarts(trx, userId);
		const book = await carts.findBookForSale(trx, bookId);
		if (!book || book.status !== 'published') {
			throw notFound('No book for sale has this id. It may have been taken off sale.');
		}
		if ((await ownedAmong(trx, userId, [bookId])).size) {
			throw conflict(`You already own "${book.title}". It is in your library.`);
		}
		const cartId = (await carts.findOpenCartId(trx, userId)) ?? (await carts.insertOpenCart(trx, userId, now));
		const lines = await carts.cartLines(trx, cartId);
		const other = lines.find((l) => l.currency !== book.currency);
		if (other) {
			throw conflict(
				`"${book.title}" is priced in ${book.currency} but your cart is in ${other.currency}. Check out your cart first, then buy this book.`
			);
		}
		if (!lines.some((l) => l.book_id === bookId)) await carts.insertItem(trx, cartId, bookId, now);
		return view(cartId, await carts.cartLines(trx, cartId));
	});
}

export async function removeFromCart(db: Db, userId: string, bookId: string, now = Date.now()): Promise<CartView> {
	return db.transaction().execute(async (trx) => {
		const cartId = await carts.findOpenCartId(trx, userId);
		if (!cartId || !(await carts.hasItem(trx, cartId, bookId))) throw notFound('This book is not in your cart.');
		await carts.deleteItems(trx, cartId, now, bookId);
		return view(cartId, await carts.cartLines(trx, cartId));
	});
}

export async function clearCart(db: Db, userId: string, now = Date.now()): Promise<CartView> {
	return db.transaction().execute(async (trx) => {
		const cartId = await carts.findOpenCartId(trx, userId);
		if (cartId) await carts.deleteItems(trx, cartId, now);
		return view(cartId, []);
	});
}

function view(id: string | null, lines: Awaited<ReturnType<typeof carts.cartLines>>): CartView {
	const items = lines.map((l) => ({
		bookId: l.book_id,
		title: l.title,
		author: l.author,
		priceMinor: Number(l.price_minor),
		currency: l.currency,
		addedAt: Number(l.added_at),
		available: l.status === 'published'
	}));
	return {
		id,
		items,
		count: items.length,
		totalMinor: items.reduce((sum, i) => sum + i.priceMinor, 0),
		currency: items[0]?.currency ?? null
	};
}
