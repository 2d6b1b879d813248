import { getApp } from '$lib/server/app';
import { api, requireAuth } from '$lib/server/http/api';
import { readableTranscript } from '$lib/server/pipeline/transcript';

export const GET = api(async (event) => {
	const caller = requireAuth(event);
	const app = await getApp();
	const transcript = await readableTranscript(app.db, caller, event.params.bookId ?? '');
	return new Response(`${transcript.text}\n`, {
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'private, no-cache' }
	});
});
