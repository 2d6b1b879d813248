/**
 * The page language: the switcher's cookie, else the browser's Accept-Language, else English. It is
 * never part of the URL, so a page keeps one address (and one service-worker cache entry) in every
 * language. The chosen locale is kept in the request's locals, where Paraglide's getLocale() reads it,
 * so message functions, Intl formatting and handleError all see it without being handed it.
 */
import type { Cookies, RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { baseLocale, cookieMaxAge, cookieName, extractLocaleFromRequest, overwriteGetLocale, type Locale } from '$lib/paraglide/runtime';

type Resolve = (event: RequestEvent, options?: ResolveOptions) => Response | Promise<Response>;

// Paraglide's middleware would keep the locale in an AsyncLocalStorage of its own (and copy the Request
// twice). SvelteKit already keeps the request in one: a second store makes every promise of every
// request pay for propagating it, which the bench measured at about 5% of a catalog request's CPU.
// So message functions, Intl formatting and handleError read the locale from the request's locals;
// outside a request (background jobs) it is the base locale.
overwriteGetLocale(() => {
	try {
		return getRequestEvent().locals.locale;
	} catch {
		return baseLocale;
	}
});

/** The request's language: the switcher's cookie, else Accept-Language, else English. */
export const localeOf = (request: Request): Locale => extractLocaleFromRequest(request);

/** Runs `handle` in the request's language; the `resolve` it is given writes that language into the page. */
export async function withLanguage(event: RequestEvent, resolve: Resolve, handle: (resolve: Resolve) => Promise<Response>): Promise<Response> {
	const locale = (event.locals.locale = localeOf(event.request));
	const response = await handle((e, options) =>
		resolve(e, { ...options, transformPageChunk: ({ html }) => html.replace('%earshelf.lang%', locale) })
	);
	if (response.headers.get('content-type')?.startsWith('text/html')) {
		// Shared caches must not hand one reader's language to another.
		response.headers.append('vary', 'Accept-Language, Cookie');
	}
	return response;
}

/** Read by the browser's runtime too (hydration must pick the same locale), so not httpOnly. */
export function setLanguageCookie(cookies: Cookies, secure: boolean, locale: Locale) {
	cookies.set(cookieName, locale, { path: '/', httpOnly: false, sameSite: 'lax', secure, maxAge: cookieMaxAge });
}
