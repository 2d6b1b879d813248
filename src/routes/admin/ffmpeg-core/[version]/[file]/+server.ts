import { api, requireAdmin } from '$lib/server/http/api';
import { notFound } from '$lib/server/errors';
import { ffmpegCoreResponse, ffmpegCoreVersion } from '$lib/server/media';
import type { RequestHandler } from './$types';

/** The ffmpeg.wasm core for the new-book form's in-browser probe; admins only, like the form. */
export const GET: RequestHandler = api(async (event) => {
	requireAdmin(event);
	// The version is in the URL so the file can be cached as immutable; an old version is gone, not stale.
	if (event.params.version !== ffmpegCoreVersion()) throw notFound(`This server has ffmpeg core ${ffmpegCoreVersion()}, not ${event.params.version}.`);
	return ffmpegCoreResponse(event.params.file, event.request);
});
