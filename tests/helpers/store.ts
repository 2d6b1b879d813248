/** Buyers and admins of a test app, talking to the store API with Bearer tokens. */
import { expect } from 'vitest';
import type { TestApp } from './app';
import { client, uniqueEmail, type Res } from './http';

export interface Buyer {
	id: string;
	token: string;
	c: ReturnType<typeof client>;
	get: <T = any>(path: string) => Promise<Res<T>>;
	/** A raw fetch with this buyer's token (binary bodies, extra headers). */
	fetch: (path: string, init?: { headers?: Record<string, string>; method?: string; body?: string }) => Promise<Response>;
}

function asBuyer(app: TestApp, c: ReturnType<typeof client>, id: string, token: string): Buyer {
	return {
		id,
		token,
		c,
		get: (path) => c.get(path, token),
		fetch: (path, init = {}) =>
			fetch(app.url + path, {
				method: init.method ?? 'GET',
				body: init.body,
				headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': c.ip, ...init.headers }
			})
	};
}

export async function signUpBuyer(app: TestApp): Promise<Buyer> {
	const c = client(app.url);
	const res = await c.post('/api/v1/auth/sign-up', { email: uniqueEmail('buyer'), password: 'correct horse battery', name: 'Buyer' });
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return asBuyer(app, c, res.body.user.id, res.body.accessToken);
}

export async function signInAdmin(app: TestApp): Promise<Buyer> {
	const c = client(app.url);
	const res = await c.post('/api/v1/auth/sign-in', app.admin);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return asBuyer(app, c, res.body.user.id, res.body.accessToken);
}

/** Adds the books to the buyer's cart and checks out; returns the order. */
export async function buy(buyer: Buyer, ...bookIds: string[]) {
	for (const bookId of bookIds) {
		const added = await buyer.c.post('/api/v1/cart', { bookId }, buyer.token);
		expect(added.status, JSON.stringify(added.body)).toBe(200);
	}
	const cart = await buyer.get('/api/v1/cart');
	const done = await buyer.c.post('/api/v1/checkout', { cartId: cart.body.cart.id }, buyer.token);
	expect(done.status, JSON.stringify(done.body)).toBe(201);
	return done.body.order as { id: string; totalMinor: number; lines: { bookId: string; priceMinor: number }[] };
}
