/**
 * Real images for the cover specs, encoded by libvips (sharp) in memory, and the damaged ones made
 * from them: cut short, or with a header that claims a picture of billions of pixels.
 */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

export async function photo(format: 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif', width = 900, height = 600): Promise<Buffer> {
	// Two colours with a diagonal, so resizing has an edge to keep and the encoders real work to do.
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#c0392b"/><polygon points="0,0 ${width},${height} 0,${height}" fill="#2980b9"/></svg>`;
	return sharp(Buffer.from(svg)).toFormat(format).toBuffer();
}

/** A PNG whose IHDR (with a correct CRC) says width × height; the pixel data stays the small original's. */
export function pngClaiming(png: Buffer, width: number, height: number): Buffer {
	const out = Buffer.from(png);
	out.writeUInt32BE(width, 16);
	out.writeUInt32BE(height, 20);
	out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
	return out;
}

/** A JPEG whose start-of-frame says width × height. */
export function jpegClaiming(jpeg: Buffer, width: number, height: number): Buffer {
	const out = Buffer.from(jpeg);
	for (let i = 2; i < out.length - 9; ) {
		const marker = out[i + 1]!;
		const length = out.readUInt16BE(i + 2);
		if (marker >= 0xc0 && marker <= 0xc2) {
			out.writeUInt16BE(height, i + 5);
			out.writeUInt16BE(width, i + 7);
			return out;
		}
		i += 2 + length;
	}
	throw new Error('no start-of-frame marker');
}
