/**
 * The worker's side of covers: a downloaded book's cover comes from the store (its URLs are
 * content-hashed, so a stored copy is never stale); any other cover goes to the network (and the
 * browser's HTTP cache, where covers are kept for a year).
 */
import { COVERS_CACHE, coverBookId } from '../offline/store';

export function isCoverRequest(url: URL): boolean {
	return url.search === '' && coverBookId(url.pathname) !== null;
}

export async function answerCover(request: Request): Promise<Response> {
	const stored = await caches
		.open(COVERS_CACHE)
		.then((cache) => cache.match(request))
		.catch(() => undefined);
	return stored ?? fetch(request);
}
