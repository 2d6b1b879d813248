import { coverWidthOf } from '$lib/covers';
import { getApp } from '$lib/server/app';
import { coverResponse } from '$lib/server/covers';
import { notFound } from '$lib/server/errors';
import { api } from '$lib/server/http/api';

/** One rendition of a book's cover (see covers/serve.ts for who may see it and how long it is cached). */
export const GET = api(async (event) => {
	const width = coverWidthOf(event.params.file ?? '');
	if (!width) throw notFound('Covers come as 160.webp, 320.webp or 640.webp.');
	const app = await getApp();
	return coverResponse(app, event.request, {
		bookId: event.params.bookId ?? '',
		token: event.params.token ?? '',
		width,
		viewer: event.locals.caller?.user ?? null
	});
});
