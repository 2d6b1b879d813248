// The admin upload as a browser form sends it: metadata fields first, the audio part last (the app
// streams the file straight to storage, so it refuses a file before its metadata). k6's own multipart
// encoder does not keep field order, hence this hand-built body.
import http from 'k6/http';

const ascii = (text) => {
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
	return bytes;
};

/** POSTs an upload of `audio` (an ArrayBuffer from open(file, 'b')) with the given metadata fields. */
export function uploadBook(baseUrl, token, audio, fields, params = {}) {
	const boundary = `----earshelfk6${Date.now().toString(16)}${Math.floor(Math.random() * 1e9).toString(16)}`;
	let head = '';
	for (const [name, value] of Object.entries({ uploadId: crypto.randomUUID(), ...fields })) {
		head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
	}
	head += `--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="book.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n`;
	const start = ascii(head);
	const end = ascii(`\r\n--${boundary}--\r\n`);
	const body = new Uint8Array(start.length + audio.byteLength + end.length);
	body.set(start, 0);
	body.set(new Uint8Array(audio), start.length);
	body.set(end, start.length + audio.byteLength);
	return http.post(`${baseUrl}/api/v1/admin/books`, body.buffer, {
		...params,
		headers: { authorization: `Bearer ${token}`, origin: baseUrl, 'content-type': `multipart/form-data; boundary=${boundary}`, ...params.headers }
	});
}
