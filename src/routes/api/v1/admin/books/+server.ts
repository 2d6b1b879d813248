import { z } from 'zod';
import { getApp } from '$lib/server/app';
import { catalogDeps, listAdminBooks } from '$lib/server/catalog';
import { fromZod } from '$lib/server/errors';
import { api, json, requireAdmin } from '$lib/server/http/api';
import { discardUnreadBody, receiveBookUpload } from '$lib/server/media';

const Page = z.object({
	limit: z.coerce.number().int().min(1).max(500).default(100),
	offset: z.coerce.number().int().min(0).default(0)
});

/** Every book, newest first, with its categories and pipeline steps. */
export const GET = api(async (event) => {
	const app = await getApp();
	requireAdmin(event);
	const page = Page.safeParse(Object.fromEntries(event.url.searchParams));
	if (!page.success) throw fromZod(page.error);
	return json(await listAdminBooks(catalogDeps(app), page.data));
});

/** A new book: multipart metadata fields, then the audio part (see media/upload.ts). 201, or 200 for a retry. */
export const POST = api(async (event) => {
	const app = await getApp();
	try {
		const admin = requireAdmin(event);
		const { book, created } = await receiveBookUpload(catalogDeps(app), admin.user.id, event.request);
		return json({ book }, created ? 201 : 200, created ? { location: `/api/v1/admin/books/${book.id}` } : {});
	} catch (err) {
		await discardUnreadBody(event.request);
		throw err;
	}
});
