/** SQL for orders and their lines (price snapshots taken at checkout). */
import { sql } from 'kysely';
import { dialectOf, type Db } from '../db';

/**
 * The books as they are now (title, price, status) and whether the buyer already owns each, in one
 * statement, share-locked until the checkout commits: an admin delete or unpublish of one of them (an
 * exclusive lock) waits for the checkout, or the checkout sees it gone, while any number of buyers of
 * the same book check out side by side (a popular release would otherwise queue all its buyers
 * behind one row lock). `LOCK IN SHARE MODE` is the spelling MySQL 8.4 and MariaDB both accept.
 * Only the books' rows are locked: the lock does not reach into the ownership subquery (a join would
 * take a gap lock on the ownerships index, where every new buyer inserts, and concurrent checkouts
 * would deadlock), and the cart's items are not read here (an admin's delete removes them by cascade
 * after locking the book, so locking them before the book would deadlock with it).
 * SQLite runs one write transaction at a time already.
 */
export async function lockBooksForSale(db: Db, userId: string, bookIds: string[]) {
	if (!bookIds.length) return [];
	return db
		.selectFrom('books')
		.select((eb) => [
			'books.id',
			'books.title',
			'books.price_minor',
			'books.currency',
			'books.status',
			eb
				.exists(
					eb
						.selectFrom('ownerships')
						.select('ownerships.book_id')
						.where('ownerships.user_id', '=', userId)
						.whereRef('ownerships.book_id', '=', 'books.id')
				)
				.as('owned')
		])
		.where('books.id', 'in', bookIds)
		.orderBy('books.id')
		.$if(dialectOf(db) === 'mysql', (q) => q.modifyEnd(sql`lock in share mode`))
		.execute();
}

export interface NewOrder {
	id: string;
	userId: string;
	cartId: string;
	idempotencyKey: string | null;
	totalMinor: number;
	currency: string;
	paymentRef: string;
	now: number;
	lines: { bookId: string; title: string; priceMinor: number }[];
}

export async function insertOrder(db: Db, o: NewOrder): Promise<void> {
	await db
		.insertInto('orders')
		.values({
			id: o.id,
			user_id: o.userId,
			cart_id: o.cartId,
			idempotency_key: o.idempotencyKey,
			total_minor: o.totalMinor,
			currency: o.currency,
			status: 'paid',
			payment_ref: o.paymentRef,
			created_at: o.now
		})
		.execute();
	await db
		.insertInto('order_lines')
		.values(o.lines.map((l) => ({ order_id: o.id, book_id: l.bookId, title: l.title, price_minor: l.priceMinor, currency: o.currency })))
		.execute();
}

const ORDER_COLUMNS = ['id', 'user_id', 'cart_id', 'total_minor', 'currency', 'status', 'payment_ref', 'created_at'] as const;

export async function findOrder(db: Db, orderId: string, userId: string) {
	return db.selectFrom('orders').select(ORDER_COLUMNS).where('id', '=', orderId).where('user_id', '=', userId).executeTakeFirst();
}

export async function findOrderByIdempotencyKey(db: Db, userId: string, key: string) {
	return db
		.selectFrom('orders')
		.select(ORDER_COLUMNS)
		.where('user_id', '=', userId)
		.where('idempotency_key', '=', key)
		.executeTakeFirst();
}

export async function listOrders(db: Db, userId: string, limit: number) {
	return db
		.selectFrom('orders')
		.select(ORDER_COLUMNS)
		.where('user_id', '=', userId)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}

export async function linesOfOrders(db: Db, orderIds: string[]) {
	if (!orderIds.length) return [];
	return db
		.selectFrom('order_lines')
		.select(['order_id', 'book_id', 'title', 'price_minor', 'currency'])
		.where('order_id', 'in', orderIds)
		.execute();
}

export type OrderRow = NonNullable<Awaited<ReturnType<typeof findOrder>>>;
