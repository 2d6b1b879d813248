/**
 * Cart and checkout on SQLite and MariaDB: one open cart per buyer, refusals with clear errors,
 * checkout-time prices, and idempotent checkout (same cart, Idempotency-Key, 20 requests at once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { appStorage, insertBook, setPrice } from '../helpers/books';
import { buy, signUpBuyer, type Buyer } from '../helpers/store';
import type { BlobStorage } from '../../src/lib/server/storage';

let app: TestApp;
let storage: BlobStorage;
beforeAll(async () => {
	app = await startTestApp();
	storage = appStorage(app);
});
afterAll(async () => {
	await app?.stop();
});

const add = (b: Buyer, bookId: string) => b.c.post('/api/v1/cart', { bookId }, b.token);
const cartOf = async (b: Buyer) => (await b.get('/api/v1/cart')).body.cart;
const checkout = (b: Buyer, cartId: string | null, idempotencyKey?: string) =>
	b.fetch('/api/v1/checkout', {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
		body: JSON.stringify({ cartId })
	});

describe('original checkout case', () => {
	it('user adds to cart and checks out', async () => {
		const one = await insertBook(app, storage, { title: 'First', price_minor: 15000 });
		const two = await insertBook(app, storage, { title: 'Second', price_minor: 9900 });
		const buyer = await signUpBuyer(app);
		expect((await add(buyer, one.id)).status).toBe(200);
		const added = await add(buyer, two.id);
		expect(added.body.cart).toMatchObject({ count: 2, totalMinor: 24900, currency: 'THB' });
		const cart = await cartOf(buyer);
		expect(cart.items.map((i: { title: string }) => i.title)).toEqual(['First', 'Second']);

		const res = await checkout(buyer, cart.id);
		expect(res.status).toBe(201);
		const { order } = await res.json();
		expect(order).toMatchObject({ cartId: cart.id, status: 'paid', totalMinor: 24900, currency: 'THB' });
		expect(order.paymentRef).toMatch(/^mock_/);
		expect(order.lines).toEqual([
			{ bookId: one.id, title: 'First', priceMinor: 15000, currency: 'THB' },
			{ bookId: two.id, title: 'Second', priceMinor: 9900, currency: 'THB' }
		]);
		expect(res.headers.get('location')).toBe(`/api/v1/orders/${order.id}`);

		const library = (await buyer.get('/api/v1/library')).body.books.map((b: { id: string }) => b.id);
		expect(library.sort()).toEqual([one.id, two.id].sort());
		expect((await buyer.get(`/api/v1/orders/${order.id}`)).body.order).toEqual(order);
		expect((await buyer.get('/api/v1/orders')).body.orders).toEqual([order]);

		// The checked-out cart is closed; the next add opens a new cart row.
		expect(await cartOf(buyer)).toEqual({ id: null, items: [], count: 0, totalMinor: 0, currency: null });
		const three = await insertBook(app, storage);
		const next = (await add(buyer, three.id)).body.cart;
		expect(next.id).not.toBe(cart.id);
		const rows = await app.db().selectFrom('carts').select(['id', 'status', 'order_id']).where('user_id', '=', buyer.id).execute();
		expect(rows).toEqual(
			expect.arrayContaining([
				{ id: cart.id, status: 'checked_out', order_id: order.id },
				{ id: next.id, status: 'open', order_id: null }
			])
		);
	});
});

describe('cart', () => {
	it('holds one of each book; removes one or all', async () => {
		const a = await insertBook(app, storage);
		const b = await insertBook(app, storage);
		const buyer = await signUpBuyer(app);
		await add(buyer, a.id);
		expect((await add(buyer, a.id)).body.cart.count).toBe(1);
		expect((await buyer.c.put(`/api/v1/cart/items/${b.id}`, undefined, buyer.token)).body.cart.count).toBe(2);
		const removed = await buyer.c.del(`/api/v1/cart/items/${a.id}`, buyer.token);
		expect(removed.body.cart.items.map((i: { bookId: string }) => i.bookId)).toEqual([b.id]);
		expect((await buyer.c.del(`/api/v1/cart/items/${a.id}`, buyer.token)).status).toBe(404);
		expect((await buyer.c.del('/api/v1/cart', buyer.token)).body.cart.count).toBe(0);
	});

	it('refuses owned, unpublished and missing books with clear errors', async () => {
		const owned = await insertBook(app, storage, { title: 'Already Mine' });
		const draft = await insertBook(app, storage, { status: 'draft' });
		const buyer = await signUpBuyer(app);
		await buy(buyer, owned.id);
		const again = await add(buyer, owned.id);
		expect(again.status).toBe(409);
		expect(again.body.error).toEqual({ code: 'conflict', message: 'You already own "Already Mine". It is in your library.' });
		for (const id of [draft.id, 'no-such-book']) {
			const res = await add(buyer, id);
			expect(res.status).toBe(404);
			expect(res.body.error.message).toMatch(/No book for sale has this id/);
		}
		const bad = await buyer.c.post('/api/v1/cart', { bookId: '' }, buyer.token);
		expect(bad.status).toBe(400);
		expect(bad.body.error.field).toBe('bookId');
	});

	it('needs a signed-in buyer', async () => {
		const anonymous = await fetch(`${app.url}/api/v1/cart`);
		expect(anonymous.status).toBe(401);
	});
});

describe('checkout', () => {
	it('refuses an empty cart (400) and a cart that is not yours (404)', async () => {
		const book = await insertBook(app, storage);
		const buyer = await signUpBuyer(app);
		await add(buyer, book.id);
		const cartId = (await cartOf(buyer)).id;
		await buyer.c.del(`/api/v1/cart/items/${book.id}`, buyer.token);
		const empty = await checkout(buyer, cartId);
		expect(empty.status).toBe(400);
		expect((await empty.json()).error.message).toBe('Your cart is empty. Add a book before checking out.');

		await add(buyer, book.id);
		const other = await signUpBuyer(app);
		expect((await checkout(other, cartId)).status).toBe(404);
		expect((await checkout(other, null)).status).toBe(400);
	});

	it('refuses a book taken off sale or a mix of currencies, and leaves the cart open to fix', async () => {
		const kept = await insertBook(app, storage, { title: 'Kept' });
		const withdrawn = await insertBook(app, storage, { title: 'Withdrawn' });
		const buyer = await signUpBuyer(app);
		await add(buyer, kept.id);
		await add(buyer, withdrawn.id);
		const cartId = (await cartOf(buyer)).id;
		const db = app.db();
		const unchanged = async () => {
			expect(await db.selectFrom('carts').select(['status', 'order_id']).where('id', '=', cartId).executeTakeFirst()).toEqual({ status: 'open', order_id: null });
			expect(await db.selectFrom('orders').select('id').where('user_id', '=', buyer.id).execute()).toEqual([]);
			expect(await db.selectFrom('ownerships').select('book_id').where('user_id', '=', buyer.id).execute()).toEqual([]);
		};

		await db.updateTable('books').set({ status: 'draft' }).where('id', '=', withdrawn.id).execute();
		const offSale = await checkout(buyer, cartId);
		expect(offSale.status).toBe(409);
		expect((await offSale.json()).error.message).toMatch(/"Withdrawn" is no longer for sale/);
		await unchanged();

		await db.updateTable('books').set({ status: 'published', currency: 'USD' }).where('id', '=', withdrawn.id).execute();
		const mixed = await checkout(buyer, cartId);
		expect(mixed.status).toBe(409);
		expect((await mixed.json()).error.message).toMatch(/mixes currencies/);
		await unchanged();

		await buyer.c.del(`/api/v1/cart/items/${withdrawn.id}`, buyer.token);
		const fixed = await checkout(buyer, cartId);
		expect(fixed.status).toBe(201);
		expect((await fixed.json()).order.lines.map((l: { bookId: string }) => l.bookId)).toEqual([kept.id]);
	});

	it('charges the price at checkout time and keeps it on the order', async () => {
		const book = await insertBook(app, storage, { price_minor: 10000 });
		const buyer = await signUpBuyer(app);
		expect((await add(buyer, book.id)).body.cart.totalMinor).toBe(10000);
		await setPrice(app, book.id, 15000);
		const cart = await cartOf(buyer);
		expect(cart).toMatchObject({ totalMinor: 15000, items: [{ bookId: book.id, priceMinor: 15000 }] });
		const { order } = await (await checkout(buyer, cart.id)).json();
		expect(order).toMatchObject({ totalMinor: 15000, lines: [{ priceMinor: 15000 }] });
		await setPrice(app, book.id, 5000);
		expect((await buyer.get(`/api/v1/orders/${order.id}`)).body.order.totalMinor).toBe(15000);
	});

	it('returns the same order for the same cart, and for a repeated Idempotency-Key', async () => {
		const [a, b] = [await insertBook(app, storage), await insertBook(app, storage)];
		const buyer = await signUpBuyer(app);
		await add(buyer, a.id);
		const first = (await cartOf(buyer)).id;
		const r1 = await checkout(buyer, first, 'key-1');
		const r2 = await checkout(buyer, first);
		expect([r1.status, r2.status]).toEqual([201, 200]);
		const order = (await r1.json()).order;
		expect((await r2.json()).order).toEqual(order);
		expect((await (await checkout(buyer, first, 'key-1')).json()).order).toEqual(order);

		await add(buyer, b.id);
		const second = (await cartOf(buyer)).id;
		const reused = await checkout(buyer, second, 'key-1');
		expect(reused.status).toBe(409);
		expect((await reused.json()).error.message).toMatch(/Idempotency-Key was already used/);
		expect((await checkout(buyer, second, 'bad key with spaces')).status).toBe(400);
		expect((await checkout(buyer, second, 'key-2')).status).toBe(201);
	});

	it('20 parallel checkouts of one cart make exactly one order and one ownership per book', async () => {
		const books = [await insertBook(app, storage), await insertBook(app, storage), await insertBook(app, storage)];
		const buyer = await signUpBuyer(app);
		for (const book of books) await add(buyer, book.id);
		const cartId = (await cartOf(buyer)).id;
		const responses = await Promise.all(Array.from({ length: 20 }, () => checkout(buyer, cartId)));
		const bodies = await Promise.all(responses.map((r) => r.json()));
		expect(responses.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
		expect(new Set(bodies.map((b) => b.order.id)).size).toBe(1);

		const db = app.db();
		const orders = await db.selectFrom('orders').select('id').where('cart_id', '=', cartId).execute();
		expect(orders).toHaveLength(1);
		const owned = await db.selectFrom('ownerships').select(['book_id', 'order_id']).where('user_id', '=', buyer.id).execute();
		expect(owned.map((o) => o.book_id).sort()).toEqual(books.map((b) => b.id).sort());
		expect(owned.every((o) => o.order_id === orders[0]!.id)).toBe(true);
		const lines = await db.selectFrom('order_lines').select('book_id').where('order_id', '=', orders[0]!.id).execute();
		expect(lines).toHaveLength(3);
	});

	it('20 parallel checkouts with one Idempotency-Key make one order', async () => {
		const book = await insertBook(app, storage);
		const buyer = await signUpBuyer(app);
		await add(buyer, book.id);
		const cartId = (await cartOf(buyer)).id;
		const responses = await Promise.all(Array.from({ length: 20 }, () => checkout(buyer, cartId, 'double-click')));
		const ids = new Set((await Promise.all(responses.map((r) => r.json()))).map((b) => b.order.id));
		expect(ids.size).toBe(1);
		expect(await app.db().selectFrom('orders').select('id').where('user_id', '=', buyer.id).execute()).toHaveLength(1);
	});

	it('buyers of the same books check out at the same moment without waiting on or failing each other', async () => {
		// New buyers' ownerships all go to the same end of the ownerships index: a checkout that locked
		// the gap it reads there (instead of only the books) would deadlock with the others here.
		const books = [await insertBook(app, storage), await insertBook(app, storage)];
		const buyers = await Promise.all(Array.from({ length: 12 }, () => signUpBuyer(app)));
		for (const buyer of buyers) for (const book of books) await add(buyer, book.id);
		const carts = await Promise.all(buyers.map(cartOf));
		const responses = await Promise.all(buyers.map((b, i) => checkout(b, carts[i].id)));
		expect(responses.map((r) => r.status)).toEqual(Array(12).fill(201));
		const owners = await app.db().selectFrom('ownerships').select('user_id').where('book_id', 'in', books.map((b) => b.id)).execute();
		expect(owners).toHaveLength(24);
	});

	it("another buyer's order is 404", async () => {
		const book = await insertBook(app, storage);
		const buyer = await signUpBuyer(app);
		const order = await buy(buyer, book.id);
		const other = await signUpBuyer(app);
		const res = await other.get(`/api/v1/orders/${order.id}`);
		expect(res.status).toBe(404);
		expect((await other.get('/api/v1/orders')).body.orders).toEqual([]);
	});
});
