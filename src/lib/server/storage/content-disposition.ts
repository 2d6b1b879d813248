/**
 * Content-Disposition for a download name (RFC 6266): a plain-ASCII `filename` for old clients
 * and an RFC 5987 `filename*` with the exact UTF-8 name for everyone else.
 */
export function contentDisposition(
	downloadName: string,
	type: 'attachment' | 'inline' = 'attachment'
): string {
	// A lone surrogate cannot be UTF-8 encoded (encodeURIComponent would throw).
	const name = downloadName.replace(/\p{Surrogate}/gu, '\uFFFD');
	// Quotes, backslashes, controls and non-ASCII cannot appear safely inside the quoted fallback.
	const fallback = name.replace(/[^\x20-\x7e]|["\\]/gu, '_');
	return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

/* encodeURIComponent leaves ' ( ) * unescaped, but RFC 5987's attr-char does not allow them. */
function encodeRfc5987(value: string): string {
	return encodeURIComponent(value).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
}
