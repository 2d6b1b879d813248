import { getApp } from '$lib/server/app';
import { api, requireAuth } from '$lib/server/http/api';
import { readableTranscript, toWebVtt } from '$lib/server/pipeline/transcript';

export const GET = api(async (event) => {
	const caller = requireAuth(event);
	const app = await getApp();
	const transcript = await readableTranscript(app.db, caller, event.params.bookId ?? '');
	return new Response(toWebVtt(transcript.segments), {
		headers: { 'content-type': 'text/vtt; charset=utf-8', 'cache-control': 'private, no-cache' }
	});
});
