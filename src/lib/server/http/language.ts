/**
 * The page language: the switcher's cookie, else the browser's Accept-Language, else English. It is
 * never part of the URL, so a page keeps one address (and one service-worker cache entry) in every
 * language. Paraglide keeps the chosen locale per request, so message functions, Intl formatting and
 * handleError all see it without being handed it.
 */
import type { Cookies, Handle } from '@sveltejs/kit';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { cookieMaxAge, cookieName, type Locale } from '$lib/paraglide/runtime';

export const language: Handle = async ({ event, resolve }) =>
	// The middleware only reads the URL and headers; a copy without the body keeps it from cloning (and
	// so buffering) the request stream of a 2 GB audio upload.
	paraglideMiddleware(new Request(event.url, { headers: event.request.headers }), async ({ locale }) => {
		const response = await resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%earshelf.lang%', locale)
		});
		if (response.headers.get('content-type')?.startsWith('text/html')) {
			// Shared caches must not hand one reader's language to another.
			response.headers.append('vary', 'Accept-Language, Cookie');
		}
		return response;
	});

/** Read by the browser's runtime too (hydration must pick the same locale), so not httpOnly. */
export function setLanguageCookie(cookies: Cookies, secure: boolean, locale: Locale) {
	cookies.set(cookieName, locale, { path: '/', httpOnly: false, sameSite: 'lax', secure, maxAge: cookieMaxAge });
}
