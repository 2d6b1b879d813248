/**
 * `GET /covers/<book id>/<token>/<width>.webp`. The token is the picture's hash, so the answer never
 * changes and is cached for a year as immutable. Covers of books on sale are public; others (drafts,
 * books taken off sale) only for admins and their owners, cached privately. A token that is not the
 * book's cover (any more) is a 404: the page that named it is stale.
 */
import { Readable } from 'node:stream';
import type { CoverWidth } from '../../covers';
import type { PublicUser } from '../auth/service';
import { notFound, unavailable } from '../errors';
import { ownedAmong } from '../library/library.repository';
import { StorageNotFoundError, StorageUnavailableError } from '../storage';
import { coverKey } from './blobs';
import { drawCover } from './drawn';
import type { DrawnCoverCache } from './drawn-cache';
import { lookUpCover, type CoverDeps } from './service';

const YEAR = 365 * 24 * 3600;

export async function coverResponse(
	deps: Pick<CoverDeps, 'db' | 'storage'> & { drawnCovers: DrawnCoverCache },
	request: Request,
	wanted: { bookId: string; token: string; width: CoverWidth; viewer: PublicUser | null }
): Promise<Response> {
	const found = await lookUpCover(deps.db, wanted.bookId, wanted.token);
	if (!found) throw notFound('This cover is not (or no longer) the cover of a book; reload the page.');
	const isPublic = found.row.status === 'published';
	if (!isPublic && !(await mayViewUnlisted(deps, wanted.viewer, wanted.bookId))) {
		throw notFound('This cover is not (or no longer) the cover of a book; reload the page.');
	}
	const etag = `"${wanted.token}-${wanted.width}"`;
	const headers = new Headers({
		'content-type': 'image/webp',
		'cache-control': `${isPublic ? 'public' : 'private'}, max-age=${YEAR}, immutable`,
		etag,
		'x-content-type-options': 'nosniff'
	});
	if (request.headers.get('if-none-match')?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
		return new Response(null, { status: 304, headers });
	}
	if (found.kind === 'drawn') {
		const key = `${wanted.token}/${wanted.width}`;
		let bytes = deps.drawnCovers.get(key);
		if (!bytes) {
			bytes = await drawCover({ title: found.row.title, author: found.row.author, categorySlug: found.row.first_category }, wanted.width);
			deps.drawnCovers.set(key, bytes);
		}
		headers.set('content-length', String(bytes.length));
		return new Response(new Uint8Array(bytes), { status: 200, headers });
	}
	try {
		const { body, info } = await deps.storage.get(coverKey(wanted.bookId, found.hash, wanted.width));
		headers.set('content-length', String(info.size));
		return new Response(Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>, { status: 200, headers });
	} catch (err) {
		if (err instanceof StorageNotFoundError) throw unavailable('The cover image is missing from storage. Tell the store admin.');
		if (err instanceof StorageUnavailableError) throw unavailable('Storage is not reachable. Try again in a moment.');
		throw err;
	}
}

async function mayViewUnlisted(deps: Pick<CoverDeps, 'db'>, viewer: PublicUser | null, bookId: string): Promise<boolean> {
	if (!viewer) return false;
	if (viewer.role === 'admin') return true;
	return (await ownedAmong(deps.db, viewer.id, [bookId])).has(bookId);
}
