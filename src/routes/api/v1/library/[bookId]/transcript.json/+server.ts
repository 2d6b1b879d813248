import { getApp } from '$lib/server/app';
import { api, json, requireAuth } from '$lib/server/http/api';
import { readableTranscript, toTimedSegments } from '$lib/server/pipeline/transcript';

/** `{segments: [{startMs, endMs, text}]}` for the listening page's transcript panel. */
export const GET = api(async (event) => {
	const caller = requireAuth(event);
	const app = await getApp();
	const transcript = await readableTranscript(app.db, caller, event.params.bookId ?? '');
	return json({ segments: toTimedSegments(transcript.segments) }, 200, { 'cache-control': 'private, no-cache' });
});
