/**
 * The admin API around an uploaded book — edit, publish, delete, categories — and who may call it,
 * against the production build on SQLite and MariaDB.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bookFields, makeAudio, signInAdmin, upload } from '../helpers/admin-upload';
import { client, uniqueEmail, type Res } from '../helpers/http';

let app: TestApp;
let audio: ReturnType<typeof makeAudio>;
let token: string;
let buyer: { token: string; id: string };

beforeAll(async () => {
	audio = makeAudio();
	app = await startTestApp({ TMPDIR: mkdtempSync(join(tmpdir(), 'earshelf-apptmp-')), PIPELINE_RUNNER: 'off' });
	token = await signInAdmin(app);
	const up = await client(app.url).post('/api/v1/auth/sign-up', { email: uniqueEmail('buyer'), password: 'correct horse battery', name: 'Buyer' });
	buyer = { token: up.body.accessToken, id: up.body.user.id };
});
afterAll(async () => {
	await app?.stop();
	rmSync(audio.dir, { recursive: true, force: true });
});

async function newBook(overrides: Record<string, string | string[] | undefined> = {}) {
	const res = await upload(app, token, [...bookFields(overrides), { name: 'audio', filename: 'b.mp3', path: audio.file('book.mp3') }]);
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.body.book as { id: string; title: string; priceMinor: number; free: boolean };
}

/** A book as the admin API shows it, without the pipeline steps the app's runner moves on its own. */
async function bookState(id: string) {
	const { pipeline: _pipeline, ...book } = (await call('GET', `/api/v1/admin/books/${id}`)).body.book;
	return book;
}

async function call(method: string, path: string, body?: unknown, bearer: string | null = token): Promise<Res> {
	const res = await fetch(app.url + path, {
		method,
		headers: {
			...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
			...(body === undefined ? {} : { 'content-type': 'application/json' })
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

describe('editing a book', () => {
	it('PATCH changes metadata and replaces the categories', async () => {
		const book = await newBook();
		const res = await call('PATCH', `/api/v1/admin/books/${book.id}`, {
			title: '  A New Title ',
			narrator: '',
			description: 'Line one\nLine two',
			priceMinor: 25000,
			currency: 'USD',
			categories: ['horror', '00000000-0000-7000-8000-000000000018']
		});
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.body.book).toMatchObject({ title: 'A New Title', narrator: null, description: 'Line one\nLine two', priceMinor: 25000, currency: 'USD' });
		expect(res.body.book.categories.map((c: { slug: string }) => c.slug).sort()).toEqual(['comedy', 'horror']);
		expect((await call('GET', `/api/v1/admin/books/${book.id}`)).body.book.title).toBe('A New Title');
	});

	it.each([
		['price 0 without free', { priceMinor: 0 }, 'free'],
		['free while the price stays', { free: true }, 'priceMinor'],
		['a negative price', { priceMinor: -5 }, 'priceMinor'],
		['a fractional price', { priceMinor: 1.5 }, 'priceMinor'],
		['an empty title', { title: '' }, 'title'],
		['an unknown category', { categories: ['nope'] }, 'categories'],
		['a field that is not editable', { status: 'published' }, undefined]
	])('PATCH refuses %s and changes nothing', async (_label, patch, field) => {
		const book = await newBook();
		const before = await bookState(book.id);
		const res = await call('PATCH', `/api/v1/admin/books/${book.id}`, patch);
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('invalid_input');
		if (field) expect(res.body.error.field).toBe(field);
		expect(await bookState(book.id)).toEqual(before);
	});

	it('PATCH makes a book free with price 0 and free together', async () => {
		const book = await newBook();
		const res = await call('PATCH', `/api/v1/admin/books/${book.id}`, { priceMinor: 0, free: true });
		expect(res.status).toBe(200);
		expect(res.body.book).toMatchObject({ priceMinor: 0, free: true });
	});

	it('answers 404 for an unknown book', async () => {
		const id = '00000000-0000-4000-8000-000000000000';
		for (const [method, path, body] of [
			['GET', `/api/v1/admin/books/${id}`],
			['PATCH', `/api/v1/admin/books/${id}`, { title: 'x' }],
			['DELETE', `/api/v1/admin/books/${id}`],
			['POST', `/api/v1/admin/books/${id}/publish`]
		] as const) {
			expect((await call(method, path, body)).status, `${method} ${path}`).toBe(404);
		}
	});
});

describe('publishing', () => {
	it('publish and unpublish switch the status, idempotently', async () => {
		const book = await newBook();
		const pub = await call('POST', `/api/v1/admin/books/${book.id}/publish`);
		expect(pub.status).toBe(200);
		expect(pub.body.book.status).toBe('published');
		expect(Date.parse(pub.body.book.publishedAt)).toBeGreaterThan(Date.now() - 60_000);
		const again = await call('POST', `/api/v1/admin/books/${book.id}/publish`);
		expect(again.body.book.publishedAt).toBe(pub.body.book.publishedAt);
		const unpub = await call('POST', `/api/v1/admin/books/${book.id}/unpublish`);
		expect(unpub.body.book).toMatchObject({ status: 'draft', publishedAt: null });
	});
});

describe('deleting', () => {
	it('deletes an unowned book with its audio, steps and categories', async () => {
		const book = await newBook();
		const blob = join(app.dataDir, 'blobs', 'objects', 'books', book.id, 'audio');
		expect(existsSync(blob)).toBe(true);
		expect((await call('DELETE', `/api/v1/admin/books/${book.id}`)).status).toBe(204);
		expect(existsSync(blob)).toBe(false);
		const db = app.db();
		expect(await db.selectFrom('books').select('id').where('id', '=', book.id).execute()).toEqual([]);
		expect(await db.selectFrom('pipeline_steps').select('step').where('book_id', '=', book.id).execute()).toEqual([]);
		expect(await db.selectFrom('book_categories').select('category_id').where('book_id', '=', book.id).execute()).toEqual([]);
		expect((await call('GET', `/api/v1/admin/books/${book.id}`)).status).toBe(404);
	});

	it('refuses (409) to delete a book someone owns, and keeps its audio', async () => {
		const book = await newBook();
		const db = app.db();
		const orderId = crypto.randomUUID();
		await db
			.insertInto('orders')
			.values({ id: orderId, user_id: buyer.id, cart_id: crypto.randomUUID(), idempotency_key: null, total_minor: 19900, currency: 'THB', status: 'paid', payment_ref: 'test', created_at: Date.now() })
			.execute();
		await db.insertInto('ownerships').values({ user_id: buyer.id, book_id: book.id, order_id: orderId, granted_at: Date.now() }).execute();
		const res = await call('DELETE', `/api/v1/admin/books/${book.id}`);
		expect(res.status).toBe(409);
		expect(res.body.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/library of 1 buyer.*unpublish/) });
		expect(existsSync(join(app.dataDir, 'blobs', 'objects', 'books', book.id, 'audio'))).toBe(true);
		expect((await call('GET', `/api/v1/admin/books/${book.id}`)).status).toBe(200);
	});
});

describe('categories', () => {
	it('lists the seeded taxonomy with book counts', async () => {
		await newBook({ categories: ['true-crime'] });
		const res = await call('GET', '/api/v1/admin/categories');
		expect(res.status).toBe(200);
		expect(res.body.categories.length).toBeGreaterThanOrEqual(22);
		expect(res.body.categories.find((c: { slug: string }) => c.slug === 'true-crime').bookCount).toBeGreaterThanOrEqual(1);
	});

	it('creates, renames and deletes a category; books only lose it', async () => {
		const created = await call('POST', '/api/v1/admin/categories', { name: 'Cozy Mysteries' });
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		expect(created.body.category).toMatchObject({ slug: 'cozy-mysteries', name: 'Cozy Mysteries', bookCount: 0 });
		const id = created.body.category.id as string;
		expect((await call('POST', '/api/v1/admin/categories', { name: 'Cozy mysteries!' })).status).toBe(409);

		const book = await newBook({ categories: ['cozy-mysteries'] });
		const renamed = await call('PATCH', `/api/v1/admin/categories/${id}`, { name: 'Cosy Crime', slug: 'cosy-crime' });
		expect(renamed.status).toBe(200);
		expect(renamed.body.category).toMatchObject({ id, name: 'Cosy Crime', slug: 'cosy-crime', bookCount: 1 });
		expect((await call('PATCH', `/api/v1/admin/categories/${id}`, { slug: 'fiction' })).status).toBe(409);
		expect((await call('PATCH', `/api/v1/admin/categories/${id}`, { slug: 'Bad Slug' })).status).toBe(400);

		expect((await call('DELETE', `/api/v1/admin/categories/${id}`)).status).toBe(204);
		expect((await call('DELETE', `/api/v1/admin/categories/${id}`)).status).toBe(404);
		const after = await call('GET', `/api/v1/admin/books/${book.id}`);
		expect(after.status).toBe(200);
		expect(after.body.book.categories).toEqual([]);
	});
});

describe('who may use the admin API', () => {
	const endpoints = (bookId: string, categoryId: string): [string, string, unknown?][] => [
		['GET', '/api/v1/admin/books'],
		['GET', `/api/v1/admin/books/${bookId}`],
		['PATCH', `/api/v1/admin/books/${bookId}`, { title: 'Hijacked' }],
		['DELETE', `/api/v1/admin/books/${bookId}`],
		['POST', `/api/v1/admin/books/${bookId}/publish`],
		['POST', `/api/v1/admin/books/${bookId}/unpublish`],
		['GET', '/api/v1/admin/categories'],
		['POST', '/api/v1/admin/categories', { name: 'Hijacked' }],
		['PATCH', `/api/v1/admin/categories/${categoryId}`, { name: 'Hijacked' }],
		['DELETE', `/api/v1/admin/categories/${categoryId}`]
	];

	it('a buyer gets 403 and an anonymous caller 401 on every endpoint; nothing changes', async () => {
		const book = await newBook();
		const category = (await call('POST', '/api/v1/admin/categories', { name: `Guarded ${Date.now()}` })).body.category;
		const snapshot = async () => ({
			book: await bookState(book.id),
			categories: (await call('GET', '/api/v1/admin/categories')).body.categories
		});
		const before = await snapshot();
		for (const [method, path, body] of endpoints(book.id, category.id)) {
			const asBuyer = await call(method, path, body, buyer.token);
			expect(asBuyer.status, `buyer ${method} ${path}`).toBe(403);
			expect(asBuyer.body.error.code).toBe('forbidden');
			const anonymous = await call(method, path, body, null);
			expect(anonymous.status, `anonymous ${method} ${path}`).toBe(401);
		}
		expect(await snapshot()).toEqual(before);
	});
});
