import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError, RequestEvent } from '@sveltejs/kit';
import { getApp, type App } from '$lib/server/app';
import { sessionCookieName } from '$lib/server/auth/cookies';
import { google } from '$lib/server/auth/google';
import { authenticateAccessToken, authenticateSessionToken } from '$lib/server/auth/service';
import { AppError, errorResponse } from '$lib/server/errors';
import { compressResponse, pickEncoding, shouldCompress } from '$lib/server/http/compress';
import { allowFormActionTo, hstsHeader } from '$lib/server/http/csp';
import { withLanguage } from '$lib/server/http/language';
import * as m from '$lib/paraglide/messages';

/** Builds the app (config, database, migrations) before the first request. */
export const init = async () => {
	await getApp();
};

/** Bodies larger than this are refused before any route reads them; audio uploads have their own limit. */
const MAX_BODY_BYTES = 1024 * 1024;
const LARGE_BODY_ROUTES = new Set(['POST /api/v1/admin/books']);
/** A cover (up to 10 MiB); the route caps what it reads itself. */
const COVER_UPLOAD = /^PUT \/api\/v1\/admin\/books\/[^/]+\/cover$/;

/**
 * Every request, in one handle:
 *  1. a request id (the caller's X-Request-Id when it is sane) for the logs and the response;
 *  2. bodies over MAX_BODY_BYTES refused before a route reads them;
 *  3. the page language (withLanguage), for everything below it;
 *  4. Auth.js for /auth/*, else the caller from a Bearer token or the session cookie;
 *  5. on the way out: security headers, X-Request-Id, compression of HTML, the request's duration
 *     by route id for /metrics.
 * One function rather than SvelteKit's sequence(): sequence() runs each step inside its own tracing
 * span and request store, which with eight steps cost more CPU than the steps themselves (about
 * 0.25 ms a request on the bench machine, a quarter of a catalog request's CPU; see README, Performance).
 */
export const handle: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const app = await getApp();
	let status = 500;
	try {
		const incoming = event.request.headers.get('x-request-id');
		event.locals.requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
		let response = await withLanguage(event, resolve, async (resolveInLanguage) => {
			const length = Number(event.request.headers.get('content-length') ?? 0);
			const route = `${event.request.method} ${event.url.pathname}`;
			if (length > MAX_BODY_BYTES && !LARGE_BODY_ROUTES.has(route) && !COVER_UPLOAD.test(route)) {
				return errorResponse(new AppError('too_large', `The request body is over ${MAX_BODY_BYTES} bytes.`));
			}
			const resolveAsCaller: typeof resolve = async (e, options) => {
				await identifyCaller(e, app);
				return resolveInLanguage(e, options);
			};
			// Auth.js answers its own routes under /auth/ and passes the rest on.
			return event.url.pathname.startsWith('/auth/') ? google.handle({ event, resolve: resolveAsCaller }) : resolveAsCaller(event);
		});
		setSecurityHeaders(response.headers, app.config);
		response.headers.set('x-request-id', event.locals.requestId);
		if (shouldCompress(event.request, response)) {
			const encoding = pickEncoding(event.request.headers.get('accept-encoding'));
			if (encoding) response = compressResponse(response, encoding);
		}
		status = response.status;
		return response;
	} finally {
		app.metrics.observeRequest(event.request.method, event.route.id, status, (performance.now() - started) / 1000);
	}
};

/** Who is calling: a Bearer access token (API clients) or the session cookie (browsers). */
async function identifyCaller(event: RequestEvent, app: App) {
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
}

/** The page CSP itself comes from kit.csp in svelte.config.js (nonces for the kit's inline scripts). */
function setSecurityHeaders(h: Headers, config: App['config']) {
	if (!h.has('x-content-type-options')) h.set('x-content-type-options', 'nosniff');
	h.set('referrer-policy', 'strict-origin-when-cross-origin');
	h.set('x-frame-options', 'DENY');
	const csp = h.get('content-security-policy');
	if (csp && config.GOOGLE_CLIENT_ID) h.set('content-security-policy', allowFormActionTo(csp, new URL(config.GOOGLE_ISSUER).origin));
	const hsts = hstsHeader(config.publicOrigin);
	if (hsts) h.set('strict-transport-security', hsts);
}

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
