/** JSON answers, for the API helpers and the error mapping alike. */

const utf8 = new TextEncoder();

/**
 * A JSON answer with its Content-Length: encoded once here, so the server sends it in one piece
 * instead of chunked (for a small answer, the chunked terminator is a second write to the socket).
 */
export function jsonBody(data: unknown, status: number, headers: Record<string, string>): Response {
	const body = utf8.encode(JSON.stringify(data));
	return new Response(body, {
		status,
		headers: { 'content-type': 'application/json', 'content-length': String(body.byteLength), ...headers }
	});
}
