import { getApp } from '$lib/server/app';
import { fromZod } from '$lib/server/errors';
import { api, json, readJson, requireAuth } from '$lib/server/http/api';
import { deleteMark, putMark } from '$lib/server/library/marks';
import { MarkDeleteInput, MarkId, MarkInput } from '$lib/server/library/schemas';

function markId(raw: string | undefined): string {
	const parsed = MarkId.safeParse(raw);
	if (!parsed.success) throw fromZod(parsed.error);
	return parsed.data.toLowerCase();
}

/**
 * `{kind, startMs, endMs, note, at}`: creates or edits the mark with this client-made id. Answers
 * `{mark}` as it stands: a change made before the stored one leaves it as it was, and a deleted
 * mark stays deleted (`{mark: null}`).
 */
export const PUT = api(async (event) => {
	const user = requireAuth(event).user;
	const id = markId(event.params.markId);
	const { db } = await getApp();
	const input = await readJson(event.request, MarkInput);
	return json({ mark: await putMark(db, user, event.params.bookId ?? '', id, input, Date.now()) });
});

/** `?at=<ISO 8601>` (default now): deletes the mark for good, on every device. Answers `{mark: null}`. */
export const DELETE = api(async (event) => {
	const user = requireAuth(event).user;
	const id = markId(event.params.markId);
	const parsed = MarkDeleteInput.safeParse({ at: event.url.searchParams.get('at') ?? new Date().toISOString() });
	if (!parsed.success) throw fromZod(parsed.error);
	const { db } = await getApp();
	return json({ mark: await deleteMark(db, user, event.params.bookId ?? '', id, parsed.data.at, Date.now()) });
});
