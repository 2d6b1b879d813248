/**
 * Pages offline: navigations (and the kit's `__data.json` loads for client-side navigations) go to the
 * network first and keep a copy of each successful answer, so a page the listener has visited opens
 * without a connection. A page never visited gets the offline page instead of the browser's error.
 * The copies hold the user's own data (library, orders), so sign-out deletes them.
 */
import { OFFLINE_PAGE, PAGES_CACHE } from '../offline/store';

/** Forms whose POST ends the session here; the worker sees them pass and forgets the user's pages. */
const SIGN_OUTS = new Set(['/sign-out', '/account?/signOutEverywhere']);

export function isSignOut(request: Request, url: URL): boolean {
	return request.method === 'POST' && SIGN_OUTS.has(url.pathname + url.search);
}

export function isPageData(url: URL): boolean {
	return url.pathname.endsWith('/__data.json');
}

/** The kit adds a changing `x-sveltekit-invalidated` to data loads; the stored copy is found without it. */
function pageKey(url: URL): string {
	const key = new URL(url);
	key.searchParams.delete('x-sveltekit-invalidated');
	return key.href;
}

/** `keep` receives the copy's write, so the page streams to the tab while the copy is stored. */
export async function answerPage(request: Request, url: URL, keep: (write: Promise<unknown>) => void): Promise<Response> {
	try {
		const res = await fetch(request);
		// Only whole, same-origin successes: no redirects (sign-in bounces), no error pages.
		if (res.status === 200 && res.type === 'basic') {
			const copy = res.clone();
			keep(caches.open(PAGES_CACHE).then((cache) => cache.put(pageKey(url), copy)).catch(() => {}));
		}
		return res;
	} catch (e) {
		const cache = await caches.open(PAGES_CACHE);
		// Pages vary by Accept-Language and Cookie, which a copy stored by the page's own fetch
		// (keepPagesForOffline) does not carry like a navigation does: offline, this user's copy is the
		// answer whatever they say (sign-out deletes the copies).
		const stored = await cache.match(pageKey(url), { ignoreVary: true });
		if (stored) return stored;
		if (request.mode === 'navigate') {
			const offline = await caches.match(OFFLINE_PAGE);
			if (offline) return offline;
		}
		throw e;
	}
}

export function forgetPages(): Promise<boolean> {
	return caches.delete(PAGES_CACHE);
}
