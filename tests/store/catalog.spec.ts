/**
 * The storefront catalog API on SQLite and MariaDB: published books only, category filters,
 * full-text search, sorts and keyset pagination that stays stable while books are added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { appStorage, insertBook, uniqueWord } from '../helpers/books';
import { client } from '../helpers/http';
import type { BlobStorage } from '../../src/lib/server/storage';

let app: TestApp;
let storage: BlobStorage;
let c: ReturnType<typeof client>;
beforeAll(async () => {
	app = await startTestApp();
	storage = appStorage(app);
	c = client(app.url);
});
afterAll(async () => {
	await app?.stop();
});


const list = async (query: string) => {
	const res = await c.get(`/api/v1/catalog/books?${query}`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.body as { books: { id: string; title: string; priceMinor: number; categories: { slug: string }[] }[]; nextCursor: string | null };
};
const titles = async (query: string) => (await list(query)).books.map((b) => b.title);

describe('original catalog case', () => {
	it('lists audiobooks: published ones with title, author, price, categories and duration; drafts hidden', async () => {
		const t = uniqueWord();
		const book = await insertBook(app, storage, { title: 'Listed One', author: `Ann ${t}`, price_minor: 25000, categories: ['fantasy', 'horror'], seconds: 30 });
		await insertBook(app, storage, { title: 'Listed Two', author: `Ann ${t}` });
		const draft = await insertBook(app, storage, { title: 'Hidden Draft', author: `Ann ${t}`, status: 'draft' });

		const { books } = await list(`q=${t}`);
		expect(books.map((b) => b.title).sort()).toEqual(['Listed One', 'Listed Two']);
		expect(books.find((b) => b.id === book.id)).toEqual({
			id: book.id,
			title: 'Listed One',
			author: `Ann ${t}`,
			narrator: null,
			priceMinor: 25000,
			currency: 'THB',
			isFree: false,
			durationMs: 30_000,
			publishedAt: book.published_at,
			// No picture: a drawn cover, named by a hash of what it shows.
			cover: expect.stringMatching(new RegExp(`^/covers/${book.id}/g[0-9a-f]{23}$`)),
			categories: [
				{ slug: 'fantasy', name: 'Fantasy', nameTh: 'แฟนตาซี' },
				{ slug: 'horror', name: 'Horror', nameTh: 'สยองขวัญ' }
			]
		});
		expect((await list('limit=100')).books.map((b) => b.id)).not.toContain(draft.id);
	});

	it('shows a book with its description and categories; a draft or unknown id is 404', async () => {
		const book = await insertBook(app, storage, { title: 'Detailed', description: 'A <b>long</b> story.', categories: ['history'] });
		const draft = await insertBook(app, storage, { status: 'draft' });
		const res = await c.get(`/api/v1/catalog/books/${book.id}`);
		expect(res.status).toBe(200);
		expect(res.body.book).toMatchObject({ id: book.id, description: 'A <b>long</b> story.', categories: [{ slug: 'history' }], previewSeconds: 60 });
		expect((await c.get(`/api/v1/catalog/books/${draft.id}`)).status).toBe(404);
		const unknown = await c.get('/api/v1/catalog/books/no-such-book');
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('not_found');
	});

	it('lets browsers and a CDN reuse public catalog answers for a short while, but never an error or a cart', async () => {
		const book = await insertBook(app, storage, { title: 'Cacheable' });
		for (const path of ['/api/v1/catalog/books', `/api/v1/catalog/books/${book.id}`, '/api/v1/catalog/categories']) {
			const res = await c.get(path);
			expect(res.status).toBe(200);
			expect(res.headers.get('cache-control'), path).toBe('public, max-age=30, stale-while-revalidate=60');
		}
		const missing = await c.get('/api/v1/catalog/books/no-such-book');
		expect(missing.headers.get('cache-control')).toBe('no-store');
		expect((await c.get('/api/v1/catalog/books?sort=nonsense')).headers.get('cache-control')).toBe('no-store');
		expect((await c.get('/api/v1/cart')).headers.get('cache-control')).toBe('no-store');
	});

	it('lists the categories', async () => {
		const res = await c.get('/api/v1/catalog/categories');
		expect(res.status).toBe(200);
		expect(res.body.categories).toHaveLength(22);
		expect(res.body.categories[0]).toEqual({ slug: 'biography-memoir', name: 'Biography & Memoir', nameTh: 'ชีวประวัติและบันทึกความทรงจำ' });
	});
});

describe('filters and search', () => {
	it('filters by one or more categories (a book matching any)', async () => {
		const t = uniqueWord();
		await insertBook(app, storage, { title: 'Dragons', author: t, categories: ['fantasy'] });
		await insertBook(app, storage, { title: 'Ghosts', author: t, categories: ['horror'] });
		await insertBook(app, storage, { title: 'Both', author: t, categories: ['fantasy', 'horror'] });
		await insertBook(app, storage, { title: 'Neither', author: t, categories: ['romance'] });
		const sorted = async (q: string) => (await titles(`q=${t}&sort=title&${q}`)).sort();
		expect(await sorted('category=fantasy')).toEqual(['Both', 'Dragons']);
		expect(await sorted('category=fantasy&category=horror')).toEqual(['Both', 'Dragons', 'Ghosts']);
		expect(await sorted('category=fantasy,horror')).toEqual(['Both', 'Dragons', 'Ghosts']);
		expect(await sorted('category=no-such-category')).toEqual([]);
		expect((await c.get('/api/v1/catalog/books?category=Bad%20Slug')).status).toBe(400);
	});

	it('searches title, author and description, every word as a prefix', async () => {
		const t = uniqueWord();
		await insertBook(app, storage, { title: `Lighthouse ${t}`, author: 'Mira Stone' });
		await insertBook(app, storage, { title: `Harbour ${t}`, author: 'Quentin Marlowe' });
		await insertBook(app, storage, { title: `Orchard ${t}`, author: 'Ines Vale', description: 'A tale of smugglers and lanterns.' });
		const found = async (q: string) => (await titles(`q=${encodeURIComponent(`${t} ${q}`)}`)).sort();
		expect(await found('lighthouse')).toEqual([`Lighthouse ${t}`]);
		expect(await found('marlowe')).toEqual([`Harbour ${t}`]);
		expect(await found('smugglers')).toEqual([`Orchard ${t}`]);
		expect(await found('smugg')).toEqual([`Orchard ${t}`]);
		expect(await found('smugglers harbour')).toEqual([]);
		expect(await found('')).toHaveLength(3);
	});

	it.each([
		'"unbalanced',
		'title:x OR y',
		'NEAR(a b)',
		'+must -not ~tilde >more <less (group)',
		"' OR 1=1 --",
		'***',
		'a'.repeat(200)
	])('treats search syntax %j as plain words, never as an error', async (q) => {
		const res = await c.get(`/api/v1/catalog/books?q=${encodeURIComponent(q)}`);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
	});

	it('refuses bad parameters with the field named', async () => {
		for (const [query, field] of [
			['sort=cheapest', 'sort'],
			['limit=0', 'limit'],
			['limit=101', 'limit'],
			['cursor=garbage', 'cursor'],
			[`q=${'a'.repeat(201)}`, 'q']
		]) {
			const res = await c.get(`/api/v1/catalog/books?${query}`);
			expect(res.status, query).toBe(400);
			expect(res.body.error.field, query).toBe(field);
		}
	});
});

describe('sorts and keyset pagination', () => {
	it('sorts newest first, by title, and by price (id breaking ties)', async () => {
		const t = uniqueWord();
		const a = await insertBook(app, storage, { title: 'Charlie', author: t, price_minor: 300, published_at: 1_000 });
		const b = await insertBook(app, storage, { title: 'Alpha', author: t, price_minor: 100, published_at: 3_000 });
		const d = await insertBook(app, storage, { title: 'Bravo', author: t, price_minor: 100, published_at: 2_000 });
		expect(await titles(`q=${t}`)).toEqual(['Alpha', 'Bravo', 'Charlie']); // newest first
		expect(await titles(`q=${t}&sort=newest`)).toEqual([b.title, d.title, a.title]);
		expect(await titles(`q=${t}&sort=title`)).toEqual(['Alpha', 'Bravo', 'Charlie']);
		const byPrice = (await list(`q=${t}&sort=price`)).books.map((x) => x.id);
		expect(byPrice).toEqual([...[b.id, d.id].sort(), a.id]);
	});

	it.each(['newest', 'title', 'price'] as const)(
		'pages by %s without repeating or skipping books while others are added',
		async (sort) => {
			const t = uniqueWord();
			const seeded = [];
			for (let i = 0; i < 7; i++) {
				seeded.push(
					await insertBook(app, storage, {
						title: `Title ${String.fromCharCode(66 + i)}`, // B..H
						author: t,
						price_minor: 1000 + (i % 3) * 100, // equal prices: ties broken by id
						published_at: 10_000 + i * 10
					})
				);
			}
			const seen: string[] = [];
			let cursor: string | null = null;
			let page = 0;
			do {
				const res: Awaited<ReturnType<typeof list>> = await list(`q=${t}&sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
				seen.push(...res.books.map((b) => b.id));
				cursor = res.nextCursor;
				if (page++ === 0) {
					// One book sorting before the cursor (not seen now), one after it (seen on a later page).
					await insertBook(app, storage, { title: 'Title A', author: t, price_minor: 500, published_at: 99_999 });
					await insertBook(app, storage, { title: 'Title Z', author: t, price_minor: 9_999, published_at: 1 });
				}
			} while (cursor);
			expect(new Set(seen).size).toBe(seen.length);
			const seededIds = seeded.map((b) => b.id);
			expect(seen.filter((id) => seededIds.includes(id)).sort()).toEqual([...seededIds].sort());
			expect(seen).toHaveLength(8); // the seven, plus the one added after the cursor
		}
	);

	it('refuses a cursor from another sort order', async () => {
		const t = uniqueWord();
		for (let i = 0; i < 3; i++) await insertBook(app, storage, { author: t });
		const first = await list(`q=${t}&sort=title&limit=1`);
		expect(first.nextCursor).toBeTruthy();
		const res = await c.get(`/api/v1/catalog/books?q=${t}&sort=price&cursor=${first.nextCursor}`);
		expect(res.status).toBe(400);
		expect(res.body.error.message).toMatch(/another sort order/);
	});
});
