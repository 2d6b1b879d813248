import { getApp } from '$lib/server/app';
import { readCoverBody, removeCover, replaceCover } from '$lib/server/covers';
import { api, json, requireAdmin } from '$lib/server/http/api';
import { discardUnreadBody } from '$lib/server/media';

const coverDeps = (app: Awaited<ReturnType<typeof getApp>>) => ({ db: app.db, storage: app.storage, log: app.log, clock: Date.now });

/** The book's new cover: a JPEG, PNG or WebP image as the body. Answers the cover's URL folder. */
export const PUT = api(async (event) => {
	const app = await getApp();
	try {
		requireAdmin(event);
		const image = await readCoverBody(event.request);
		return json(await replaceCover(coverDeps(app), event.params.id ?? '', image));
	} catch (err) {
		await discardUnreadBody(event.request);
		throw err;
	}
});

/** Back to the drawn cover. */
export const DELETE = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	return json(await removeCover(coverDeps(app), event.params.id ?? ''));
});
