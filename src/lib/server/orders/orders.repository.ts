/** SQL for orders and their lines (price snapshots taken at checkout). */
import type { Db } from '../db';

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
