/** SQL for carts: one open cart row per user; checked-out carts stay as the record of their order. */
import { v7 as uuidv7 } from 'uuid';
import { dialectOf, type Db } from '../db';

/**
 * Serialises cart creation per user. MySQL: a row lock on the user (SELECT … FOR UPDATE) held until
 * the transaction ends. SQLite needs none: it has one writer at a time.
 */
export async function lockUserCarts(db: Db, userId: string): Promise<void> {
	if (dialectOf(db) !== 'mysql') return;
	await db.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
}

export async function findOpenCartId(db: Db, userId: string): Promise<string | null> {
	const row = await db
		.selectFrom('carts')
		.select('id')
		.where('user_id', '=', userId)
		.where('status', '=', 'open')
		.orderBy('created_at')
		.orderBy('id')
		.executeTakeFirst();
	return row?.id ?? null;
}

export async function insertOpenCart(db: Db, userId: string, now: number): Promise<string> {
	const id = uuidv7();
	await db
		.insertInto('carts')
		.values({ id, user_id: userId, status: 'open', order_id: null, created_at: now, updated_at: now })
		.execute();
	return id;
}

/** The cart row, locked for the rest of the transaction on MySQL (SQLite serialises writers). */
export async function lockCart(db: Db, cartId: string, userId: string) {
	return db
		.selectFrom('carts')
		.select(['id', 'status', 'order_id'])
		.where('id', '=', cartId)
		.where('user_id', '=', userId)
		.$if(dialectOf(db) === 'mysql', (q) => q.forUpdate())
		.executeTakeFirst();
}

/** The ids of the books in a cart, without their details (checkout locks and reads those itself). */
export async function cartBookIds(db: Db, cartId: string): Promise<string[]> {
	const rows = await db.selectFrom('cart_items').select('book_id').where('cart_id', '=', cartId).execute();
	return rows.map((r) => r.book_id);
}

/** Items with the books' current title, price and status, oldest first. */
export async function cartLines(db: Db, cartId: string) {
	return db
		.selectFrom('cart_items')
		.innerJoin('books', 'books.id', 'cart_items.book_id')
		.select([
			'books.id as book_id',
			'books.title',
			'books.author',
			'books.price_minor',
			'books.currency',
			'books.status',
			'cart_items.added_at'
		])
		.where('cart_items.cart_id', '=', cartId)
		.orderBy('cart_items.added_at')
		.orderBy('books.id')
		.execute();
}

export async function countOpenCartItems(db: Db, userId: string): Promise<number> {
	const row = await db
		.selectFrom('cart_items')
		.innerJoin('carts', 'carts.id', 'cart_items.cart_id')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('carts.user_id', '=', userId)
		.where('carts.status', '=', 'open')
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

export async function findBookForSale(db: Db, bookId: string) {
	return db.selectFrom('books').select(['id', 'title', 'status', 'currency']).where('id', '=', bookId).executeTakeFirst();
}

export async function hasItem(db: Db, cartId: string, bookId: string): Promise<boolean> {
	const row = await db
		.selectFrom('cart_items')
		.select('book_id')
		.where('cart_id', '=', cartId)
		.where('book_id', '=', bookId)
		.executeTakeFirst();
	return Boolean(row);
}

export async function insertItem(db: Db, cartId: string, bookId: string, now: number): Promise<void> {
	await db.insertInto('cart_items').values({ cart_id: cartId, book_id: bookId, added_at: now }).execute();
	await touch(db, cartId, now);
}

export async function deleteItems(db: Db, cartId: string, now: number, bookId?: string): Promise<void> {
	await db
		.deleteFrom('cart_items')
		.where('cart_id', '=', cartId)
		.$if(bookId !== undefined, (q) => q.where('book_id', '=', bookId!))
		.execute();
	await touch(db, cartId, now);
}

/**
 * Checks out the buyer's open cart as `orderId`, if it is open: true when it was. The update takes the
 * cart's row lock, so of two checkouts of one cart the second waits here and then finds it closed.
 * Inside the checkout's transaction, so a refused checkout leaves the cart open.
 */
export async function claimOpenCart(db: Db, cartId: string, userId: string, orderId: string, now: number): Promise<boolean> {
	const r = await db
		.updateTable('carts')
		.set({ status: 'checked_out', order_id: orderId, updated_at: now })
		.where('id', '=', cartId)
		.where('user_id', '=', userId)
		.where('status', '=', 'open')
		.executeTakeFirst();
	return r.numUpdatedRows > 0n;
}

async function touch(db: Db, cartId: string, now: number): Promise<void> {
	await db.updateTable('carts').set({ updated_at: now }).where('id', '=', cartId).execute();
}
