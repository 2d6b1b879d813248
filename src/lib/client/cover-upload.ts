/**
 * Browser side of `PUT|DELETE /api/v1/admin/books/:id/cover`: the picked image as the request body.
 * The server decides what the file is by decoding it; the type sent here is only a label.
 */
import { uploadErrorText } from './book-upload';

export type CoverChange = { ok: true; cover: string } | { ok: false; message: string };

export async function sendCover(bookId: string, image: File | null, fetcher: typeof fetch = fetch): Promise<CoverChange> {
	let res: Response;
	try {
		res = await fetcher(`/api/v1/admin/books/${encodeURIComponent(bookId)}/cover`, {
			method: image ? 'PUT' : 'DELETE',
			headers: { accept: 'application/json', ...(image ? { 'content-type': image.type || 'application/octet-stream' } : {}) },
			body: image ?? undefined
		});
	} catch {
		return { ok: false, message: uploadErrorText({ code: 'unavailable', message: 'The connection dropped; try again.' }, 0) };
	}
	const body = (await res.json().catch(() => ({}))) as { cover?: string; error?: { code?: string; message: string; field?: string } };
	if (res.ok && body.cover) return { ok: true, cover: body.cover };
	return { ok: false, message: uploadErrorText(body.error, res.status) };
}
