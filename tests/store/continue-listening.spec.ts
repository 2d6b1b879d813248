/**
 * The library's "continue listening" row, on SQLite and MariaDB: owned books with a saved position
 * that are not finished, the most recently listened first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINISHED_WITHIN_MS, booksInProgress } from '../../src/lib/server/library/continue-listening';
import { startTestApp, type TestApp } from '../helpers/app';
import { appStorage, insertBook, type TestBook } from '../helpers/books';
import { buy, signInAdmin, signUpBuyer, type Buyer } from '../helpers/store';

let app: TestApp;
let books: TestBook[];
let owner: Buyer;
beforeAll(async () => {
	app = await startTestApp({ PIPELINE_RUNNER: 'off' });
	const storage = appStorage(app);
	books = await Promise.all([0, 1, 2, 3, 4].map((i) => insertBook(app, storage, { seconds: 120, title: `Book ${i}` })));
	owner = await signUpBuyer(app);
	await buy(owner, ...books.slice(0, 4).map((b) => b.id));
});
afterAll(async () => {
	await app?.stop();
});

const save = (who: Buyer, bookId: string, positionMs: number, agoMs: number) =>
	who.c.put(`/api/v1/library/${bookId}/position`, { positionMs, at: new Date(Date.now() - agoMs).toISOString() }, who.token);

describe('continue listening', () => {
	it('lists started, unfinished, owned books, newest first, with their place', async () => {
		expect(await booksInProgress(app.db(), owner.id)).toEqual([]);
		await save(owner, books[0]!.id, 30_000, 60_000);
		await save(owner, books[1]!.id, 50_000, 10_000);
		await save(owner, books[2]!.id, 120_000 - FINISHED_WITHIN_MS + 1, 5_000); // finished
		await save(owner, books[3]!.id, 0, 1_000); // opened, never played
		const admin = await signInAdmin(app);
		await save(admin, books[4]!.id, 40_000, 1_000); // an admin listening to a book they do not own

		const row = await booksInProgress(app.db(), owner.id);
		expect(row.map((b) => [b.title, b.positionMs])).toEqual([
			['Book 1', 50_000],
			['Book 0', 30_000]
		]);
		expect(row[0]).toMatchObject({ id: books[1]!.id, durationMs: 120_000 });
		expect(await booksInProgress(app.db(), admin.id)).toEqual([]);

		await save(owner, books[0]!.id, 31_000, 0);
		expect((await booksInProgress(app.db(), owner.id)).map((b) => b.title)).toEqual(['Book 0', 'Book 1']);
	});

	it('shows the row first on the library page, each with a link that resumes', async () => {
		const res = await owner.fetch('/library', { headers: { accept: 'text/html' } });
		const html = await res.text();
		expect(res.status).toBe(200);
		const row = html.indexOf('data-testid="continue-listening"');
		expect(row).toBeGreaterThan(-1);
		expect(html.search(/<ul class="books\b/)).toBeGreaterThan(row); // the owned books' list comes after the row
		expect(html.slice(row)).toContain(`href="/library/${books[0]!.id}"`);
	});
});
