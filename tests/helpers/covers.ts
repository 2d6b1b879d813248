/** What the cover tests share: audio files carrying a picture (made by ffmpeg), and cover requests. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestApp } from './app';
import { newIp } from './http';

/** An mp3 (ID3 APIC) and an m4a (covr atom) that carry `picture` as their cover, in dir. */
export function audioWithPicture(dir: string, picture: Buffer, ext: 'jpg' | 'png'): { mp3: string; m4a: string } {
	const image = join(dir, `embedded.${ext}`);
	writeFileSync(image, picture);
	const mp3 = join(dir, `with-picture-${ext}.mp3`);
	const m4a = join(dir, `with-picture-${ext}.m4a`);
	const common = ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=4', '-i', image, '-map', '0:a', '-map', '1', '-ac', '1'];
	execFileSync('ffmpeg', [...common, '-c:a', 'libmp3lame', '-c:v', 'copy', '-id3v2_version', '3', '-disposition:v', 'attached_pic', mp3]);
	execFileSync('ffmpeg', [...common, '-c:a', 'aac', '-c:v', 'copy', '-disposition:v', 'attached_pic', m4a]);
	return { mp3, m4a };
}

export async function putCover(app: TestApp, token: string, bookId: string, body: Buffer, type = 'image/jpeg') {
	const res = await fetch(`${app.url}/api/v1/admin/books/${bookId}/cover`, {
		method: 'PUT',
		headers: { authorization: `Bearer ${token}`, 'content-type': type, origin: app.url, 'x-forwarded-for': newIp() },
		body: new Uint8Array(body)
	});
	return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function deleteCover(app: TestApp, token: string, bookId: string) {
	const res = await fetch(`${app.url}/api/v1/admin/books/${bookId}/cover`, {
		method: 'DELETE',
		headers: { authorization: `Bearer ${token}`, origin: app.url, 'x-forwarded-for': newIp() }
	});
	return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function getCover(app: TestApp, path: string, headers: Record<string, string> = {}) {
	const res = await fetch(app.url + path, { headers: { 'x-forwarded-for': newIp(), ...headers } });
	return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}
