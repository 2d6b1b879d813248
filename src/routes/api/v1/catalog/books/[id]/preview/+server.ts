import { getApp } from '$lib/server/app';
import { previewAudio } from '$lib/server/catalog/browse';
import { serveBlob } from '$lib/server/http/blob-response';
import { api } from '$lib/server/http/api';

/** The free preview: the first PREVIEW_SECONDS of a published book, to anyone; no Range reaches past it. */
export const GET = api(async ({ params, request }) => {
	const { db, config, storage } = await getApp();
	const preview = await previewAudio(db, params.id ?? '', config.PREVIEW_SECONDS);
	return serveBlob(storage, request, {
		key: preview.key,
		contentType: preview.contentType,
		limit: preview.limit,
		cacheControl: 'public, max-age=300'
	});
});
