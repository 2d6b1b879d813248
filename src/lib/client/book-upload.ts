/**
 * Browser side of `POST /api/v1/admin/books`: XMLHttpRequest (fetch has no upload progress), the
 * metadata fields first and the audio last, under a client-generated uploadId. Resending with the
 * same uploadId after a network error can never make a second book.
 */
import * as m from '$lib/paraglide/messages';
import { baseLocale, getLocale } from '$lib/paraglide/runtime';

interface ApiError {
	code?: string;
	message: string;
	field?: string;
}

/**
 * The API's error in the page's language. Its messages are English; another language gets one chosen
 * by code, as form errors are (src/lib/server/http/user-messages.ts), while `field` still marks the input.
 */
export function uploadErrorText(error: ApiError | undefined, status: number, locale = getLocale()): string {
	if (!error) return m.upload_server_status({ status }, { locale });
	if (locale === baseLocale) return error.message;
	const options = { locale };
	switch (error.code) {
		case 'invalid_input':
			if (error.field === 'cover') return m.covers_unreadable({}, options);
			return error.field === 'priceMinor' ? m.upload_price_invalid({}, options) : m.error_invalid_input({}, options);
		case 'forbidden':
		case 'unauthenticated':
			return m.error_forbidden({}, options);
		case 'not_found':
			return m.error_gone({}, options);
		case 'conflict':
			return m.error_conflict({}, options);
		case 'too_large':
			return error.field === 'cover' ? m.covers_too_large({}, options) : m.error_too_large({}, options);
		case 'rate_limited':
			return m.error_rate_limited({ seconds: 60 }, options);
		case 'unavailable':
			return m.error_unavailable({}, options);
		default:
			return m.error_internal({}, options);
	}
}
export type UploadResult =
	| { kind: 'done'; status: number; book: { id: string } }
	| { kind: 'refused'; status: number; message: string; field?: string }
	| { kind: 'network' }
	| { kind: 'aborted' };

/** crypto.randomUUID needs a secure context (https or localhost); plain-http LAN addresses fall back. */
export function newUploadId(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const b = crypto.getRandomValues(new Uint8Array(16));
	b[6] = (b[6]! & 0x0f) | 0x40;
	b[8] = (b[8]! & 0x3f) | 0x80;
	const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function uploadBook(
	fields: [string, string][],
	file: File,
	opts: { uploadId: string; onProgress: (sent: number, total: number) => void; signal?: AbortSignal; cover?: File | null }
): Promise<UploadResult> {
	const form = new FormData();
	form.append('uploadId', opts.uploadId);
	for (const [name, value] of fields) form.append(name, value);
	// Before the audio: the server checks the picture first, so a bad one is refused before the long part.
	if (opts.cover) form.append('cover', opts.cover, opts.cover.name);
	form.append('audio', file, file.name);

	return new Promise((resolve) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', '/api/v1/admin/books');
		xhr.setRequestHeader('accept', 'application/json');
		xhr.upload.onprogress = (e) => opts.onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
		xhr.onerror = () => resolve({ kind: 'network' });
		xhr.onabort = () => resolve({ kind: 'aborted' });
		xhr.onload = () => {
			let body: { book?: { id: string }; error?: ApiError } = {};
			try {
				body = JSON.parse(xhr.responseText);
			} catch {
				/* not JSON (a proxy's error page) */
			}
			if ((xhr.status === 200 || xhr.status === 201) && body.book) {
				resolve({ kind: 'done', status: xhr.status, book: body.book });
			} else {
				resolve({
					kind: 'refused',
					status: xhr.status,
					message: uploadErrorText(body.error, xhr.status),
					field: body.error?.field
				});
			}
		};
		opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
		xhr.send(form);
	});
}
