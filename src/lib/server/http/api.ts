/** Helpers for the JSON API routes: parse and validate input, require a caller, map errors once. */
import type { RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { getLocale } from '$lib/paraglide/runtime';
import type { Authenticated } from '../auth/service';
import { AppError, errorResponse, forbidden, fromZod, invalidInput, unauthenticated } from '../errors';
import { jsonBody } from './json-body';

export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.toLowerCase().startsWith('application/json')) {
		throw invalidInput('Send the body as JSON with Content-Type: application/json.');
	}
	let body: unknown;
	try {
		body = JSON.parse(await readLimited(request, MAX_JSON_BYTES));
	} catch (e) {
		if (e instanceof AppError) throw e;
		throw invalidInput('The body is not valid JSON.');
	}
	const parsed = schema.safeParse(body);
	if (!parsed.success) throw fromZod(parsed.error);
	return parsed.data;
}

const MAX_JSON_BYTES = 64 * 1024;

/** Reads a text body, refusing it once it passes `limit` bytes (also for chunked bodies without a length). */
async function readLimited(request: Request, limit: number): Promise<string> {
	if (!request.body) return '';
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
		size += chunk.byteLength;
		if (size > limit) throw new AppError('too_large', `The JSON body is over ${limit} bytes.`);
		chunks.push(chunk);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return jsonBody(data, status, { 'cache-control': 'no-store', ...headers });
}

/**
 * For answers that are the same for every caller (the public catalog): browsers and a CDN may reuse
 * them for 30 s and serve a stale copy for another minute while they refresh, so a change an admin
 * makes reaches every buyer within about 90 s.
 */
export const PUBLIC_SHORT_CACHE = { 'cache-control': 'public, max-age=30, stale-while-revalidate=60' };

export function requireAuth(event: RequestEvent): Authenticated {
	if (event.locals.callerError) throw event.locals.callerError;
	if (!event.locals.caller) throw unauthenticated();
	return event.locals.caller;
}

export function requireAdmin(event: RequestEvent): Authenticated {
	const auth = requireAuth(event);
	if (auth.user.role !== 'admin') throw forbidden('Only admins can do this.');
	return auth;
}

export function clientMeta(event: RequestEvent) {
	let ip: string | null = null;
	try {
		ip = event.getClientAddress();
	} catch {
		ip = null;
	}
	return { ip, userAgent: event.request.headers.get('user-agent'), locale: getLocale() };
}

/** Wraps an API handler so every AppError becomes the one JSON error shape. */
export function api<E extends RequestEvent>(fn: (event: E) => Promise<Response>) {
	return async (event: E): Promise<Response> => {
		try {
			return await fn(event);
		} catch (e) {
			if (e instanceof AppError) return errorResponse(e);
			throw e;
		}
	};
}
