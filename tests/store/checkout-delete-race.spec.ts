/**
 * A checkout and an admin delete of the same book at the same moment: either the checkout wins (the
 * buyer owns the book, the delete answers 409) or the delete wins (the book is gone, the checkout
 * refuses it). Never an ownership or an order line of a book that no longer exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { appStorage, insertBook } from '../helpers/books';
import { signInAdmin, signUpBuyer, type Buyer } from '../helpers/store';
import type { BlobStorage } from '../../src/lib/server/storage';

const ROUNDS = 24;

let app: TestApp;
let storage: BlobStorage;
let admin: Buyer;
beforeAll(async () => {
	app = await startTestApp({ PIPELINE_RUNNER: 'off' });
	storage = appStorage(app);
	admin = await signInAdmin(app);
});
afterAll(async () => {
	await app?.stop();
});

async function race(round: number) {
	const book = await insertBook(app, storage, { title: `Contested ${round}`, price_minor: 9900 });
	const buyer = await signUpBuyer(app);
	expect((await buyer.c.post('/api/v1/cart', { bookId: book.id }, buyer.token)).status).toBe(200);
	const cartId = (await buyer.get('/api/v1/cart')).body.cart.id as string;
	const [checkout, del] = await Promise.all([
		buyer.fetch('/api/v1/checkout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cartId }) }),
		admin.fetch(`/api/v1/admin/books/${book.id}`, { method: 'DELETE' })
	]);
	return { bookId: book.id, buyerId: buyer.id, checkout: checkout.status, del: del.status };
}

describe('checkout vs delete', () => {
	it('never grants a book that is deleted at the same moment', async () => {
		const outcomes = await Promise.all(Array.from({ length: ROUNDS }, (_, i) => race(i)));
		const db = app.db();
		for (const o of outcomes) {
			const exists = await db.selectFrom('books').select('id').where('id', '=', o.bookId).executeTakeFirst();
			const owned = await db.selectFrom('ownerships').select('user_id').where('book_id', '=', o.bookId).execute();
			const lines = await db.selectFrom('order_lines').select('order_id').where('book_id', '=', o.bookId).execute();
			if (o.del === 204) {
				expect(exists, JSON.stringify(o)).toBeUndefined();
				expect(owned, JSON.stringify(o)).toEqual([]);
				expect(lines, JSON.stringify(o)).toEqual([]);
				expect([400, 409], JSON.stringify(o)).toContain(o.checkout);
			} else {
				expect(o, JSON.stringify(o)).toMatchObject({ del: 409, checkout: 201 });
				expect(exists).toBeDefined();
				expect(owned).toEqual([{ user_id: o.buyerId }]);
				expect(lines).toHaveLength(1);
			}
		}
		const orphans = await db
			.selectFrom('ownerships')
			.leftJoin('books', 'books.id', 'ownerships.book_id')
			.select('ownerships.book_id')
			.where('books.id', 'is', null)
			.execute();
		expect(orphans).toEqual([]);
	});
});
