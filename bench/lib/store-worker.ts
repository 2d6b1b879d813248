/**
 * The store bench's baselines and its preparation, in a process of its own (as the app is), so each
 * baseline gets an event loop nothing else uses and its CPU and memory can be read from /proc:
 *  - catalog: the two repository calls GET /api/v1/catalog/books makes (listPublishedBooks, then
 *    categoriesOfBooks for the page), in `concurrency` loops for `seconds`;
 *  - checkout: the writes of a checkout (order, order line, ownership, cart update) as one raw
 *    Kysely transaction per prepared cart, in `concurrency` loops;
 *  - upload: @aws-sdk/lib-storage's Upload of a file, with the app's part size and queue size;
 *  - serve-catalog: a bare node:http server answering every GET with those two catalog queries as
 *    JSON, the floor any HTTP framework stands on (what HTTP itself costs on this machine);
 *  - serve-checkout: the same for checkout: a bare node:http server taking POST {"cartId"} for a cart
 *    prepared here and running the raw transaction for it (no sign-in, no validation);
 *  - carts: users with a browser session and an open one-book cart each, for the app's side, written
 *    straight into the database (as addToCart and a sign-in would leave them) so that no bcrypt or
 *    HTTP cost falls on the preparation.
 * The parent sends one StoreRun at a time and gets one answer.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { v7 as uuidv7 } from 'uuid';
import { hashToken, newToken } from '../../src/lib/server/auth/secrets';
import { categoriesOfBooks, listPublishedBooks } from '../../src/lib/server/catalog/browse.repository';
import { createDb, parseDatabaseUrl } from '../../src/lib/server/db';
import { PART_SIZE, QUEUE_SIZE } from '../../src/lib/server/storage/s3.driver';
import type { Measured } from './interleave';
import { processCpuSeconds, type ProcessCpu } from './machine';

export type StoreRun =
	| { kind: 'catalog'; seconds: number; concurrency: number }
	| { kind: 'checkout'; count: number; concurrency: number }
	| { kind: 'carts'; count: number; forFloor?: boolean }
	| { kind: 'upload'; file: string; key: string }
	| { kind: 'serve-catalog' }
	| { kind: 'serve-checkout' };

/** A prepared buyer: the session cookie's token and the id of their open one-book cart. */
export interface PreparedCart {
	token: string;
	cartId: string;
}

export type StoreAnswer = { measured: Measured } | { carts: PreparedCart[] } | { url: string } | { error: string };

const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL!));
const s3 = process.env.S3_ENDPOINT
	? new S3Client({
			endpoint: process.env.S3_ENDPOINT,
			region: process.env.S3_REGION!,
			forcePathStyle: true,
			credentials: { accessKeyId: process.env.S3_ACCESS_KEY_ID!, secretAccessKey: process.env.S3_SECRET_ACCESS_KEY! },
			// As the app's driver: versitygw and others mis-handle the SDK's default flexible checksums.
			requestChecksumCalculation: 'WHEN_REQUIRED',
			responseChecksumValidation: 'WHEN_REQUIRED'
		})
	: null;

type BookForSale = { id: string; title: string; price_minor: number; currency: string };
let books: BookForSale[] | null = null;
let nextBook = 0;

/** The books prepared carts hold, round robin: every buyer is new, so none already owns its book. */
async function publishedBooks(): Promise<BookForSale[]> {
	books ??= await db
		.selectFrom('books')
		.select(['id', 'title', 'price_minor', 'currency'])
		.where('status', '=', 'published')
		.orderBy('id')
		.execute();
	if (!books.length) throw new Error('no published books to put in carts: seed the bench database first');
	return books;
}

interface Cart extends PreparedCart {
	userId: string;
	book: BookForSale;
}

async function prepareCarts(count: number, forFloor = false): Promise<Cart[]> {
	const list = await publishedBooks();
	const now = Date.now();
	const carts: Cart[] = Array.from({ length: count }, () => ({
		userId: uuidv7(),
		token: newToken(),
		cartId: uuidv7(),
		book: list[nextBook++ % list.length]!
	}));
	const BATCH = 500;
	await db.transaction().execute(async (trx) => {
		for (let i = 0; i < carts.length; i += BATCH) {
			const batch = carts.slice(i, i + BATCH);
			await trx
				.insertInto('users')
				.values(batch.map((c) => ({ id: c.userId, email: `${c.userId}@bench.earshelf.test`, name: 'Bench buyer', password_hash: null, role: 'user' as const, banned_at: null, created_at: now, updated_at: now })))
				.execute();
			await trx
				.insertInto('sessions')
				.values(
					batch.map((c) => ({
						id: uuidv7(),
						user_id: c.userId,
						kind: 'browser' as const,
						token_hash: hashToken(c.token),
						created_at: now,
						last_used_at: now,
						expires_at: now + 86_400_000,
						revoked_at: null,
						revoked_reason: null,
						user_agent: null,
						ip: null
					}))
				)
				.execute();
			await trx
				.insertInto('carts')
				.values(batch.map((c) => ({ id: c.cartId, user_id: c.userId, status: 'open' as const, order_id: null, created_at: now, updated_at: now })))
				.execute();
			await trx
				.insertInto('cart_items')
				.values(batch.map((c) => ({ cart_id: c.cartId, book_id: c.book.id, added_at: now })))
				.execute();
		}
	});
	if (forFloor) for (const cart of carts) prepared.set(cart.cartId, cart);
	return carts;
}

/** Carts prepared for the checkout floor server and not yet checked out. */
const prepared = new Map<string, Cart>();

/** Runs `loops` async loops over `step` until `seconds` pass; counts the steps finished in time. */
async function forSeconds(seconds: number, loops: number, step: () => Promise<void>): Promise<Measured> {
	const cpuBefore = processCpuSeconds(process.pid);
	const started = performance.now();
	const deadline = started + seconds * 1000;
	let count = 0;
	await Promise.all(
		Array.from({ length: loops }, async () => {
			while (performance.now() < deadline) {
				await step();
				if (performance.now() <= deadline) count++;
			}
		})
	);
	return { count, seconds, cpu: cpuSince(cpuBefore) };
}

function cpuSince(before: ProcessCpu): ProcessCpu {
	const after = processCpuSeconds(process.pid);
	return { main: after.main - before.main, total: after.total - before.total };
}

// The route's defaults: newest first, 24 a page, no filter.
const catalogFilter = { categorySlugs: [], terms: [], sort: 'newest' as const, after: null, limit: 24 };

async function catalogQueries() {
	const rows = await listPublishedBooks(db, catalogFilter);
	const page = rows.slice(0, catalogFilter.limit);
	const categories = await categoriesOfBooks(db, page.map((r) => r.id));
	return { page, categories };
}

async function catalog(seconds: number, concurrency: number): Promise<Measured> {
	return forSeconds(seconds, concurrency, async () => void (await catalogQueries()));
}

let floorServer: http.Server | undefined;

async function serveCatalog(): Promise<string> {
	floorServer ??= http.createServer((req, res) => {
		catalogQueries().then(
			({ page, categories }) => {
				const body = JSON.stringify({ books: page.map((r) => ({ ...r, categories: categories.get(r.id) ?? [] })), nextCursor: null });
				res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
				res.end(body);
			},
			(e: unknown) => {
				res.writeHead(500).end(String(e));
			}
		);
	});
	return listen(floorServer);
}

/** The writes of a checkout, as one raw Kysely transaction. */
async function rawCheckout({ userId, cartId, book }: Cart): Promise<string> {
	prepared.delete(cartId);
	const orderId = uuidv7();
	const now = Date.now();
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('orders')
			.values({ id: orderId, user_id: userId, cart_id: cartId, idempotency_key: null, total_minor: book.price_minor, currency: book.currency, status: 'paid', payment_ref: `mock_${randomBytes(12).toString('hex')}`, created_at: now })
			.execute();
		await trx
			.insertInto('order_lines')
			.values({ order_id: orderId, book_id: book.id, title: book.title, price_minor: book.price_minor, currency: book.currency })
			.execute();
		await trx.insertInto('ownerships').values({ user_id: userId, book_id: book.id, order_id: orderId, granted_at: now }).execute();
		await trx.updateTable('carts').set({ status: 'checked_out', order_id: orderId, updated_at: now }).where('id', '=', cartId).execute();
	});
	return orderId;
}

async function checkout(count: number, concurrency: number): Promise<Measured> {
	const carts = await prepareCarts(count);
	const cpuBefore = processCpuSeconds(process.pid);
	const started = performance.now();
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			for (let cart = carts[next++]; cart; cart = carts[next++]) await rawCheckout(cart);
		})
	);
	return { count, seconds: (performance.now() - started) / 1000, cpu: cpuSince(cpuBefore) };
}

let checkoutServer: http.Server | undefined;

async function serveCheckout(): Promise<string> {
	checkoutServer ??= http.createServer((req, res) => {
		let body = '';
		req.setEncoding('utf8').on('data', (d: string) => (body += d));
		req.on('end', () => {
			const cart = prepared.get((JSON.parse(body) as { cartId: string }).cartId);
			if (!cart) return void res.writeHead(404).end();
			rawCheckout(cart).then(
				(id) => {
					const answer = JSON.stringify({ order: { id } });
					res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
					res.end(answer);
				},
				(e: unknown) => res.writeHead(500).end(String(e))
			);
		});
	});
	return listen(checkoutServer);
}

async function listen(server: http.Server): Promise<string> {
	if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function upload(file: string, key: string): Promise<Measured> {
	if (!s3) throw new Error('the store worker was started without S3 settings');
	const cpuBefore = processCpuSeconds(process.pid);
	const started = performance.now();
	const run = new Upload({
		client: s3,
		params: { Bucket: process.env.S3_BUCKET!, Key: key, Body: createReadStream(file), ContentType: 'application/octet-stream' },
		partSize: PART_SIZE,
		queueSize: QUEUE_SIZE,
		leavePartsOnError: false
	});
	await run.done();
	// Counted in MB (10^6 bytes), so the rate reads MB/s.
	return { count: statSync(file).size / 1e6, seconds: (performance.now() - started) / 1000, cpu: cpuSince(cpuBefore) };
}

async function answer(run: StoreRun): Promise<StoreAnswer> {
	switch (run.kind) {
		case 'catalog':
			return { measured: await catalog(run.seconds, run.concurrency) };
		case 'checkout':
			return { measured: await checkout(run.count, run.concurrency) };
		case 'carts':
			return { carts: (await prepareCarts(run.count, run.forFloor)).map(({ token, cartId }) => ({ token, cartId })) };
		case 'upload':
			return { measured: await upload(run.file, run.key) };
		case 'serve-catalog':
			return { url: await serveCatalog() };
		case 'serve-checkout':
			return { url: await serveCheckout() };
	}
}

process.on('message', (run: StoreRun) => {
	answer(run).then(
		(a) => process.send?.(a),
		(e: unknown) => process.send?.({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
	);
});
process.on('disconnect', () => {
	s3?.destroy();
	floorServer?.close();
	checkoutServer?.close();
	void db.destroy().finally(() => process.exit(0));
});
