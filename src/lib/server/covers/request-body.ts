/** An image sent as the request body, read whole but never past the cover limit. */
import { COVER_MAX_BYTES, coverTooLarge } from './image';

export async function readCoverBody(request: Request): Promise<Buffer> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > COVER_MAX_BYTES) throw coverTooLarge();
	if (!request.body) return Buffer.alloc(0);
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = request.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > COVER_MAX_BYTES) {
			await reader.cancel().catch(() => {});
			throw coverTooLarge();
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks);
}
