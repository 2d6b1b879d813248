import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { jpegClaiming, photo, pngClaiming } from './fixtures';
import { COVER_MAX_BYTES, renderCover, sniffImageType } from './image';

let jpeg: Buffer;
let png: Buffer;
let webp: Buffer;
beforeAll(async () => {
	[jpeg, png, webp] = await Promise.all([photo('jpeg'), photo('png'), photo('webp')]);
});

describe('renderCover', () => {
	it.each(['jpeg', 'png', 'webp'] as const)('cuts a %s into square WebP renditions of 160, 320 and 640 px', async (format) => {
		const source = { jpeg, png, webp }[format];
		const { hash, files } = await renderCover(source);
		expect(hash).toMatch(/^[0-9a-f]{24}$/);
		expect(files.map((f) => f.width)).toEqual([160, 320, 640]);
		for (const file of files) {
			const meta = await sharp(file.bytes).metadata();
			expect(meta).toMatchObject({ format: 'webp', width: file.width, height: file.width });
		}
		// The small one is small: it is what a phone loads for a card.
		expect(files[0]!.bytes.length).toBeLessThan(12_000);
	});

	it('names the same picture the same way, and another picture differently', async () => {
		expect((await renderCover(jpeg)).hash).toBe((await renderCover(Buffer.from(jpeg))).hash);
		expect((await renderCover(png)).hash).not.toBe((await renderCover(jpeg)).hash);
	});

	it('turns a phone photo the right way up (EXIF orientation)', async () => {
		const portrait = await sharp(await photo('jpeg', 400, 200)).withMetadata({ orientation: 6 }).jpeg().toBuffer();
		const { files } = await renderCover(portrait);
		// The source's left half is blue (the polygon); rotated 90° clockwise, the top half is.
		const { data } = await sharp(files[0]!.bytes).extract({ left: 120, top: 10, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
		expect(data[2]!).toBeGreaterThan(data[0]!);
	});

	const cases: Array<[string, () => Promise<Buffer> | Buffer, 'invalid_input' | 'too_large', RegExp]> = [
		['an empty file', () => Buffer.alloc(0), 'invalid_input', /empty/],
		['a text file', () => Buffer.from('These are my notes, not a picture.\n'.repeat(20)), 'invalid_input', /not a JPEG, PNG or WebP/],
		['an SVG (not accepted, even though libvips reads it)', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="500" height="500"/>'), 'invalid_input', /not a JPEG, PNG or WebP/],
		['a GIF', () => photo('gif'), 'invalid_input', /not a JPEG, PNG or WebP/],
		['a TIFF', () => photo('tiff'), 'invalid_input', /not a JPEG, PNG or WebP/],
		['a JPEG cut short', () => jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'invalid_input', /damaged or cut short/],
		['a PNG cut short', () => png.subarray(0, Math.floor(png.length / 2)), 'invalid_input', /damaged or cut short/],
		['a WebP cut short', () => webp.subarray(0, Math.floor(webp.length / 2)), 'invalid_input', /damaged or cut short/],
		['a PNG signature on other bytes', () => Buffer.concat([png.subarray(0, 8), Buffer.alloc(4000, 7)]), 'invalid_input', /damaged or cut short/],
		['a picture too small for a cover', () => photo('png', 60, 60), 'invalid_input', /at least 100 pixels/],
		['a file over the byte limit', () => Buffer.concat([jpeg, Buffer.alloc(COVER_MAX_BYTES)]), 'too_large', /larger than 10 MiB/],
		['a PNG bomb (header: 60000 × 60000)', () => pngClaiming(png, 60_000, 60_000), 'too_large', /more than 40 megapixels/],
		['a JPEG bomb (header: 65000 × 65000)', () => jpegClaiming(jpeg, 65_000, 65_000), 'too_large', /megapixels/]
	];
	it.each(cases)('refuses %s with a clear error', async (_name, make, code, message) => {
		const error = await renderCover(await make()).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(AppError);
		expect((error as AppError).code).toBe(code);
		expect((error as AppError).message).toMatch(message);
		expect((error as AppError).details.field).toBe('cover');
	});
});

describe('sniffImageType', () => {
	it('reads the type from the bytes, not from a name', async () => {
		expect(sniffImageType(jpeg)).toBe('jpeg');
		expect(sniffImageType(png)).toBe('png');
		expect(sniffImageType(webp)).toBe('webp');
		expect(sniffImageType(await photo('gif'))).toBeNull();
		expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
	});
});
