/**
 * The ffmpeg.wasm core (single-thread @ffmpeg/core, ~32 MB of wasm) served from our own origin for the
 * admin's in-browser probe. It is read from node_modules at run time rather than emitted into the
 * client build: as a build asset the service worker would precache it on every buyer's phone, and
 * adapter-node would spend its build time compressing it.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { notFound } from '../errors';
import { compressResponse, pickEncoding } from '../http/compress';

const FILES: Record<string, string> = {
	'ffmpeg-core.js': 'text/javascript; charset=utf-8',
	'ffmpeg-core.wasm': 'application/wasm'
};

/** The ESM build: the library starts a module worker, which `import()`s the core. */
function coreDir(): string {
	// The package exports no package.json; its CommonJS entry is dist/umd/ffmpeg-core.js.
	const umdEntry = createRequire(import.meta.url).resolve('@ffmpeg/core');
	return path.join(path.dirname(umdEntry), '..', 'esm');
}

/** Part of the files' URL, so a new core is a new URL and the old one may be cached for good. */
export function ffmpegCoreVersion(): string {
	return (JSON.parse(readFileSync(path.join(coreDir(), '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

export function ffmpegCoreResponse(name: string, request: Request): Response {
	const type = FILES[name];
	if (!type) throw notFound(`No ffmpeg core file named ${name}: ask for ffmpeg-core.js or ffmpeg-core.wasm.`);
	const file = path.join(coreDir(), name);
	const { size, mtimeMs } = statSync(file);
	const etag = `"${size.toString(36)}-${Math.floor(mtimeMs).toString(36)}"`;
	// Compressed on the way out (32 MB of wasm is 8.6 MB as brotli): an admin's phone may be on mobile data.
	const encoding = pickEncoding(request.headers.get('accept-encoding'));
	const sentEtag = encoding ? etag.replace(/"$/, `-${encoding}"`) : etag;
	// Private: the route is for signed-in admins. The URL carries the version, so it never changes.
	const headers = { 'content-type': type, etag, 'cache-control': 'private, max-age=31536000, immutable' };
	if (request.headers.get('if-none-match') === sentEtag) {
		return new Response(null, { status: 304, headers: { ...headers, etag: sentEtag, vary: 'Accept-Encoding' } });
	}
	const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
	const response = new Response(body, { headers: { ...headers, 'content-length': String(size) } });
	return encoding ? compressResponse(response, encoding, 'file') : response;
}
