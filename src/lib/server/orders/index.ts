/**
 * Checkout and orders. Checkout is one transaction over the cart row. An open cart is claimed by one
 * update (which takes its row lock); then its books are read (share-locked) with whether the buyer owns
 * them, the payment is charged, and the order with each line's price at checkout time and the
 * ownerships are written: six statements in all. A cart that is not open (double click, retry after a lost
 * response, 20 parallel requests) returns the order it already became. Because the books are locked,
 * an admin deleting one at the same moment either waits and then finds it owned (409), or wins and
 * the checkout refuses the book.
 */
import { v7 as uuidv7 } from 'uuid';
import { isUniqueViolation } from '../auth/service';
import * as carts from '../cart/cart.repository';
import type { Db } from '../db';
import { conflict, invalidInput, notFound } from '../errors';
import { grantOwnerships } from '../library';
import * as orders from './orders.repository';
import { chargeMock } from './payment';

export interface OrderLine {
	bookId: string;
	title: string;
	/** The price charged: the book's price at checkout time. */
	priceMinor: number;
	currency: string;
}

export interface OrderView {
	id: string;
	cartId: string;
	status: 'paid';
	totalMinor: number;
	currency: string;
	paymentRef: string;
	createdAt: number;
	lines: OrderLine[];
}

export interface CheckoutInput {
	/** The cart the buyer saw; checking out the same cart again returns the same order. */
	cartId: string;
	/** Optional Idempotency-Key header, unique per user. */
	idempotencyKey: string | null;
}

export async function checkout(
	db: Db,
	userId: string,
	input: CheckoutInput,
	now = Date.now()
): Promise<{ order: OrderView; created: boolean }> {
	try {
		return await db.transaction().execute(async (trx) => {
			// The common case first: an open cart, claimed (and row-locked) by one update.
			const id = uuidv7();
			if (await carts.claimOpenCart(trx, input.cartId, userId, id, now)) {
				return { order: await placeOrder(trx, userId, id, input, now), created: true };
			}
			const cart = await carts.lockCart(trx, input.cartId, userId);
			if (!cart) throw notFound('You have no cart with this id. Reload your cart and try again.');
			if (input.idempotencyKey) {
				const prior = await orders.findOrderByIdempotencyKey(trx, userId, input.idempotencyKey);
				if (prior) return { order: await withLines(trx, sameCart(prior, input.cartId)), created: false };
			}
			const prior = cart.order_id ? await orders.findOrder(trx, cart.order_id, userId) : undefined;
			if (!prior) throw conflict('This cart can no longer be checked out. Reload your cart and try again.');
			return { order: await withLines(trx, prior), created: false };
		});
	} catch (e) {
		// The same Idempotency-Key sent with another cart, or a parallel checkout that got in first.
		if (!isUniqueViolation(e) || !input.idempotencyKey) throw e;
		const prior = await orders.findOrderByIdempotencyKey(db, userId, input.idempotencyKey);
		if (!prior) throw e;
		return { order: await withLines(db, sameCart(prior, input.cartId)), created: false };
	}
}

/** Inside the transaction that claimed the cart: any error here rolls the claim back too. */
async function placeOrder(db: Db, userId: string, id: string, input: CheckoutInput, now: number): Promise<OrderView> {
	const bookIds = await carts.cartBookIds(db, input.cartId);
	if (!bookIds.length) throw invalidInput('Your cart is empty. Add a book before checking out.');
	const current = new Map((await orders.lockBooksForSale(db, userId, bookIds)).map((b) => [b.id, b]));
	// A book missing here was deleted after the cart was read (the delete also empties it from carts).
	const offSale = bookIds.map((id) => current.get(id)).filter((b) => b?.status !== 'published');
	if (offSale.length) {
		const named = offSale.map((b) => (b ? `"${b.title}"` : 'A book in your cart')).join(', ');
		throw conflict(`${named} is no longer for sale. Remove it from your cart and check out again.`);
	}
	// Every book was found and is for sale.
	const buying = [...current.values()].filter((b) => !Number(b.owned));
	if (!buying.length) throw conflict('You already own every book in your cart. Remove them: they are in your library.');
	const currency = buying[0]!.currency;
	if (buying.some((l) => l.currency !== currency)) {
		throw conflict('Your cart mixes currencies. Remove the books in another currency and buy them separately.');
	}

	const totalMinor = buying.reduce((sum, l) => sum + Number(l.price_minor), 0);
	const { paymentRef } = await chargeMock({ amountMinor: totalMinor, currency, reference: input.cartId });
	const order = {
		id,
		userId,
		cartId: input.cartId,
		idempotencyKey: input.idempotencyKey,
		totalMinor,
		currency,
		paymentRef,
		now,
		lines: buying.map((l) => ({ bookId: l.id, title: l.title, priceMinor: Number(l.price_minor) }))
	};
	await orders.insertOrder(db, order);
	await grantOwnerships(db, { userId, bookIds: buying.map((l) => l.id), orderId: id, now });
	return {
		id,
		cartId: input.cartId,
		status: 'paid',
		totalMinor,
		currency,
		paymentRef,
		createdAt: now,
		lines: byTitle(order.lines.map((l) => ({ ...l, currency })))
	};
}

/** Another user's order and an unknown id look the same: 404. */
export async function getOrder(db: Db, userId: string, orderId: string): Promise<OrderView> {
	const row = await orders.findOrder(db, orderId, userId);
	if (!row) throw notFound('You have no order with this id.');
	return withLines(db, row);
}

export async function listOrders(db: Db, userId: string, limit = 100): Promise<OrderView[]> {
	const rows = await orders.listOrders(db, userId, limit);
	const lines = await orders.linesOfOrders(db, rows.map((r) => r.id));
	return rows.map((r) => toView(r, lines.filter((l) => l.order_id === r.id)));
}

function sameCart(order: orders.OrderRow, cartId: string): orders.OrderRow {
	if (order.cart_id !== cartId) {
		throw conflict('This Idempotency-Key was already used for another checkout. Send a new key for a new purchase.');
	}
	return order;
}

async function withLines(db: Db, row: orders.OrderRow): Promise<OrderView> {
	return toView(row, await orders.linesOfOrders(db, [row.id]));
}

function toView(row: orders.OrderRow, lines: Awaited<ReturnType<typeof orders.linesOfOrders>>): OrderView {
	return {
		id: row.id,
		cartId: row.cart_id,
		status: row.status,
		totalMinor: Number(row.total_minor),
		currency: row.currency,
		paymentRef: row.payment_ref,
		createdAt: Number(row.created_at),
		lines: byTitle(lines.map((l) => ({ bookId: l.book_id, title: l.title, priceMinor: Number(l.price_minor), currency: l.currency })))
	};
}

const byTitle = (lines: OrderLine[]) => lines.sort((a, b) => a.title.localeCompare(b.title) || a.bookId.localeCompare(b.bookId));
