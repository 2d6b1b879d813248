/**
 * An admin's (or an audio file's) picture, checked by decoding it and cut into the store's square
 * WebP renditions. The type is read from the bytes, never from a name or a header, and only JPEG, PNG
 * and WebP are handed to the decoder at all (libvips would also open SVG, TIFF, HEIF… which we do not
 * want to parse). The pixel limit stops a small file that would decode into gigabytes.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { COVER_WIDTHS, type CoverWidth } from '../../covers';
import { AppError, invalidInput } from '../errors';

export const COVER_PART = 'cover';
export const COVER_MAX_BYTES = 10 * 1024 * 1024;
/** 40 megapixels: a phone camera's photo passes, a decompression bomb (e.g. 60000 × 60000 of one colour) does not. */
export const COVER_MAX_PIXELS = 40_000_000;
/** Smaller than this would look blurred even on the cards. */
export const COVER_MIN_SIDE = 100;
/** Bump when the renditions change (size, quality), so new ones get new URLs. */
const RENDITION_VERSION = 'v1';

export type CoverImageType = 'jpeg' | 'png' | 'webp';

export interface CoverRenditions {
	/** Names the renditions in storage and URLs: a hash of the source bytes. */
	hash: string;
	files: Array<{ width: CoverWidth; bytes: Buffer }>;
}

export function coverTooLarge(): AppError {
	return new AppError('too_large', `The cover image is larger than ${COVER_MAX_BYTES / 1024 / 1024} MiB; save it smaller (a 1500 × 1500 JPEG is plenty).`, { field: COVER_PART });
}

/** The type the first bytes announce, or null for anything else. */
export function sniffImageType(bytes: Uint8Array): CoverImageType | null {
	const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
	if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
	if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
	return null;
}

export async function renderCover(bytes: Buffer): Promise<CoverRenditions> {
	if (bytes.length === 0) throw invalidInput('The cover file is empty (0 bytes); choose a JPEG, PNG or WebP image.', COVER_PART);
	if (bytes.length > COVER_MAX_BYTES) throw coverTooLarge();
	const type = sniffImageType(bytes);
	if (!type) throw invalidInput('The cover is not a JPEG, PNG or WebP image; save it in one of those formats.', COVER_PART);

	const open = () => sharp(bytes, { failOn: 'error', limitInputPixels: COVER_MAX_PIXELS, sequentialRead: true });
	let width: number;
	let height: number;
	try {
		const meta = await open().metadata();
		if (meta.format !== type) throw new Error(`announced ${type}, decoded as ${meta.format}`);
		width = meta.autoOrient?.width ?? meta.width;
		height = meta.autoOrient?.height ?? meta.height;
	} catch (err) {
		throw damaged(type, err);
	}
	if (width * height > COVER_MAX_PIXELS) {
		throw new AppError('too_large', `The cover is ${width} × ${height} pixels, more than ${COVER_MAX_PIXELS / 1_000_000} megapixels; scale it down first.`, { field: COVER_PART });
	}
	if (Math.min(width, height) < COVER_MIN_SIDE) {
		throw invalidInput(`The cover is ${width} × ${height} pixels; it needs at least ${COVER_MIN_SIDE} pixels on each side.`, COVER_PART);
	}

	const files: CoverRenditions['files'] = [];
	try {
		// Decoding happens here, in full: a file cut short fails now, not when a buyer asks for it.
		for (const w of COVER_WIDTHS) {
			const out = await open()
				.autoOrient()
				.resize(w, w, { fit: 'cover', position: 'attention', withoutEnlargement: false })
				.webp({ quality: 78, effort: 4 })
				.toBuffer();
			files.push({ width: w, bytes: out });
		}
	} catch (err) {
		throw damaged(type, err);
	}
	const hash = createHash('sha256').update(RENDITION_VERSION).update(bytes).digest('hex').slice(0, 24);
	return { hash, files };
}

function damaged(type: CoverImageType, err: unknown): AppError {
	const reason = (err as Error).message ?? '';
	if (/pixel limit/i.test(reason)) {
		return new AppError('too_large', `The cover has more than ${COVER_MAX_PIXELS / 1_000_000} megapixels; scale it down first.`, { field: COVER_PART });
	}
	return invalidInput(`The cover looks like ${type.toUpperCase()} but cannot be read: it is damaged or cut short. Save it again and retry.`, COVER_PART);
}
