import { getApp } from '$lib/server/app';
import { api, json, requireAuth } from '$lib/server/http/api';
import { readableTranscript, toTimedSegments } from '$lib/server/pipeline/transcript';
import { readChapters } from '$lib/server/chapters';

/**
 * `{segments: [{startMs, endMs, text}], chapters: [{startMs, title}]}` for the listening page's
 * transcript panel; a downloaded book keeps this copy, so its chapters work offline too.
 */
export const GET = api(async (event) => {
	const caller = requireAuth(event);
	const app = await getApp();
	const transcript = await readableTranscript(app.db, caller, event.params.bookId ?? '');
	const chapters = await readChapters(app.db, event.params.bookId ?? '');
	return json({ segments: toTimedSegments(transcript.segments), chapters }, 200, { 'cache-control': 'private, no-cache' });
});
