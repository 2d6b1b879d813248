/** SQL for what a user owns: ownerships granted at checkout, and the audio of books. */
import type { Db } from '../db';

export async function listOwnedBooks(db: Db, userId: string) {
	return db
		.selectFrom('ownerships')
		.innerJoin('books', 'books.id', 'ownerships.book_id')
		.select([
			'books.id',
			'books.title',
			'books.author',
			'books.narrator',
			'books.duration_ms',
			'books.audio_format',
			'books.audio_size',
			'books.cover_hash',
			'ownerships.order_id',
			'ownerships.granted_at'
		])
		.where('ownerships.user_id', '=', userId)
		.orderBy('ownerships.granted_at', 'desc')
		.orderBy('books.title')
		.execute();
}

/** Which of bookIds the user owns. */
export async function ownedAmong(db: Db, userId: string, bookIds: string[]): Promise<Set<string>> {
	if (!bookIds.length) return new Set();
	const rows = await db
		.selectFrom('ownerships')
		.select('book_id')
		.where('user_id', '=', userId)
		.where('book_id', 'in', bookIds)
		.execute();
	return new Set(rows.map((r) => r.book_id));
}

export async function grantOwnerships(
	db: Db,
	grant: { userId: string; bookIds: string[]; orderId: string; now: number }
): Promise<void> {
	if (!grant.bookIds.length) return;
	await db
		.insertInto('ownerships')
		.values(grant.bookIds.map((bookId) => ({ user_id: grant.userId, book_id: bookId, order_id: grant.orderId, granted_at: grant.now })))
		.execute();
}

/** A book's audio, whatever its status: owners keep listening after a book is taken off sale. */
export async function findBookAudio(db: Db, bookId: string) {
	return db
		.selectFrom('books')
		.select(['id', 'title', 'author', 'narrator', 'duration_ms', 'audio_key', 'audio_mime', 'audio_format', 'audio_size', 'cover_hash'])
		.where('id', '=', bookId)
		.executeTakeFirst();
}
