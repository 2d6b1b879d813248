import { getApp } from '$lib/server/app';
import { api, requireAuth } from '$lib/server/http/api';
import { serveBlob } from '$lib/server/http/blob-response';
import { authorizeListening } from '$lib/server/library';

/** The whole book for its owner (or an admin), with Range; `?download=1` makes it an attachment. */
export const GET = api(async (event) => {
	const user = requireAuth(event).user;
	const { db, storage } = await getApp();
	const audio = await authorizeListening(db, user, event.params.bookId ?? '');
	const download = event.url.searchParams.get('download') === '1';
	return serveBlob(storage, event.request, {
		key: audio.key,
		contentType: audio.contentType,
		cacheControl: 'private, no-cache',
		downloadName: download ? audio.downloadName : undefined
	});
});
