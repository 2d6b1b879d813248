import { getApp } from '$lib/server/app';
import { api, json, requireAuth } from '$lib/server/http/api';
import { audioPath, authorizeListening, directAudioUrl } from '$lib/server/library';

/**
 * A short-lived presigned download URL when storage is S3; `url: null` with local storage, where the
 * app route (`streamPath`) is the way to the bytes.
 */
export const GET = api(async (event) => {
	const user = requireAuth(event).user;
	const { db, storage, config } = await getApp();
	const audio = await authorizeListening(db, user, event.params.bookId ?? '');
	const ttl = config.DOWNLOAD_URL_TTL_SECONDS;
	const url = await directAudioUrl(storage, audio, ttl);
	return json({
		url,
		expiresAt: url ? Date.now() + ttl * 1000 : null,
		streamPath: audioPath(event.params.bookId ?? '')
	});
});
