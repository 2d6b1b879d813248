import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getApp } from '$lib/server/app';
import { sessionCookieName } from '$lib/server/auth/cookies';
import { google } from '$lib/server/auth/google';
import { authenticateAccessToken, authenticateSessionToken } from '$lib/server/auth/service';
import { AppError, errorResponse } from '$lib/server/errors';
import { compressResponse, pickEncoding, shouldCompress } from '$lib/server/http/compress';
import { allowFormActionTo, hstsHeader } from '$lib/server/http/csp';
import { language } from '$lib/server/http/language';
import * as m from '$lib/paraglide/messages';

/** Builds the app (config, database, migrations) before the first request. */
export const init = async () => {
	await getApp();
};

/** Request duration by route id and status for /metrics; first in the chain so it times all of it. */
const metrics: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		return response;
	} finally {
		const app = await getApp().catch(() => null);
		app?.metrics.observeRequest(event.request.method, event.route.id, status, (performance.now() - started) / 1000);
	}
};

/** Server-rendered HTML goes out compressed (static files are precompressed at build time). */
const compression: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const encoding = pickEncoding(event.request.headers.get('accept-encoding'));
	return encoding && shouldCompress(event.request, response) ? compressResponse(response, encoding) : response;
};

const requestId: Handle = async ({ event, resolve }) => {
	const incoming = event.request.headers.get('x-request-id');
	event.locals.requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
	const response = await resolve(event);
	response.headers.set('x-request-id', event.locals.requestId);
	return response;
};

/** Bodies larger than this are refused before any route reads them; audio uploads have their own limit. */
const MAX_BODY_BYTES = 1024 * 1024;
const LARGE_BODY_ROUTES = new Set(['POST /api/v1/admin/books']);

const bodyLimit: Handle = async ({ event, resolve }) => {
	const length = Number(event.request.headers.get('content-length') ?? 0);
	if (length > MAX_BODY_BYTES && !LARGE_BODY_ROUTES.has(`${event.request.method} ${event.url.pathname}`)) {
		return errorResponse(new AppError('too_large', `The request body is over ${MAX_BODY_BYTES} bytes.`));
	}
	return resolve(event);
};

const authjs: Handle = async ({ event, resolve }) =>
	event.url.pathname.startsWith('/auth/') ? google.handle({ event, resolve }) : resolve(event);

/** Who is calling: a Bearer access token (API clients) or the session cookie (browsers). */
const session: Handle = async ({ event, resolve }) => {
	const app = await getApp();
	event.locals.caller = null;
	event.locals.callerError = null;
	const header = event.request.headers.get('authorization');
	if (header) {
		const match = /^Bearer ([\w.-]+)$/.exec(header);
		try {
			if (!match?.[1]) throw new AppError('unauthenticated', 'Use Authorization: Bearer <access token>.');
			event.locals.caller = await authenticateAccessToken(app.auth, match[1]);
		} catch (e) {
			if (!(e instanceof AppError)) throw e;
			event.locals.callerError = e;
		}
	} else {
		const token = event.cookies.get(sessionCookieName(app.config.secureCookies));
		event.locals.caller = await authenticateSessionToken(app.auth, token);
	}
	return resolve(event);
};

/** The page CSP itself comes from kit.csp in svelte.config.js (nonces for the kit's inline scripts). */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const { config } = await getApp();
	const h = response.headers;
	if (!h.has('x-content-type-options')) h.set('x-content-type-options', 'nosniff');
	h.set('referrer-policy', 'strict-origin-when-cross-origin');
	h.set('x-frame-options', 'DENY');
	const csp = h.get('content-security-policy');
	if (csp && config.GOOGLE_CLIENT_ID) h.set('content-security-policy', allowFormActionTo(csp, new URL(config.GOOGLE_ISSUER).origin));
	const hsts = hstsHeader(config.publicOrigin);
	if (hsts) h.set('strict-transport-security', hsts);
	return response;
};

export const handle = sequence(metrics, compression, requestId, language, securityHeaders, bodyLimit, authjs, session);

export const handleError: HandleServerError = async ({ error, event, status }) => {
	if (status >= 500) {
		const app = await getApp().catch(() => null);
		app?.log.error({ err: error, requestId: event.locals.requestId, path: event.url.pathname }, 'unhandled error');
	}
	return {
		message: status >= 500 ? m.error_internal() : m.error_not_found(),
		requestId: event.locals.requestId
	};
};
