/**
 * The cover of a book that has no picture: its title and author set in type on its category's colour.
 * Pango (inside libvips) lays the text out, so Thai and other scripts wrap and shape as they should,
 * with the fonts fontconfig finds (Debian: fonts-dejavu-core, fonts-thai-tlwg). Drawn on request; the
 * URL carries a hash of everything drawn, so browsers keep it for ever and a new title makes a new URL.
 */
import { createHash } from 'node:crypto';
import sharp, { type OverlayOptions } from 'sharp';
import type { CoverWidth } from '../../covers';
import { coverColour } from './palette';

export interface DrawnCoverInput {
	title: string;
	author: string;
	categorySlug: string | null;
}

const SIDE = 640;
const MARGIN = 48;
/** Bump when the drawing changes, so browsers fetch the new one. */
const DRAWING_VERSION = 'd2';

/** The drawn cover's URL token: 'g' and a hash of what it shows. */
export function drawnCoverToken(input: DrawnCoverInput): string {
	const digest = createHash('sha256')
		.update(JSON.stringify([DRAWING_VERSION, input.title, input.author, coverColour(input.categorySlug)]))
		.digest('hex');
	return `g${digest.slice(0, 23)}`;
}

export async function drawCover(input: DrawnCoverInput, width: CoverWidth): Promise<Buffer> {
	const colour = coverColour(input.categorySlug);
	const textWidth = SIDE - 2 * MARGIN;
	const title = await fitText(input.title, { weight: 'bold', sizes: [84, 72, 60, 50, 42, 34], width: textWidth, maxHeight: 380, maxLines: 6 });
	const author = await fitText(input.author, { weight: 'normal', sizes: [40, 34, 28], width: textWidth, maxHeight: 120, maxLines: 2 });
	const background = Buffer.from(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${SIDE}" height="${SIDE}">` +
			`<rect width="${SIDE}" height="${SIDE}" fill="${colour}"/>` +
			// A lighter band behind the author, and a rule under the title: a cover, not a label.
			`<rect y="${SIDE - 170}" width="${SIDE}" height="170" fill="#000" fill-opacity="0.22"/>` +
			`<rect x="${MARGIN}" y="${MARGIN - 16}" width="72" height="6" fill="#fff" fill-opacity="0.85"/>` +
			`</svg>`
	);
	const layers: OverlayOptions[] = [];
	if (title) layers.push({ input: title.png, left: MARGIN, top: MARGIN + 16 });
	if (author) layers.push({ input: author.png, left: MARGIN, top: SIDE - 170 + Math.max(0, Math.round((170 - author.height) / 2)) });
	const drawn = await sharp(background).composite(layers).png().toBuffer();
	return sharp(drawn).resize(width, width).webp({ quality: 82 }).toBuffer();
}

interface FitOptions {
	weight: 'bold' | 'normal';
	sizes: number[];
	width: number;
	maxHeight: number;
	maxLines: number;
}

/** The largest size at which the text fits the box; at the smallest, long text is cut with an ellipsis. Null: no text. */
async function fitText(text: string, opts: FitOptions): Promise<{ png: Buffer; height: number } | null> {
	if (text.trim() === '') return null;
	let last: { png: Buffer; height: number } | null = null;
	for (const [i, size] of opts.sizes.entries()) {
		const smallest = i === opts.sizes.length - 1;
		const shown = smallest ? clip(text, Math.floor((opts.width / (size * 0.55)) * opts.maxLines)) : text;
		last = await setText(shown, size, opts);
		if (last.height <= opts.maxHeight) return last;
	}
	// Still too tall (a very long word list in a narrow script): crop the picture of it.
	const cropped = await sharp(last!.png).extract({ left: 0, top: 0, width: (await sharp(last!.png).metadata()).width, height: opts.maxHeight }).png().toBuffer();
	return { png: cropped, height: opts.maxHeight };
}

async function setText(text: string, size: number, opts: FitOptions): Promise<{ png: Buffer; height: number }> {
	const markup = `<span foreground="#ffffff" font_weight="${opts.weight}">${escapeMarkup(breakableWords(text))}</span>`;
	const { data, info } = await sharp({
		text: { text: markup, font: `sans-serif ${size}px`, width: opts.width, dpi: 72, rgba: true, wrap: 'word', spacing: Math.round(size * 0.18) }
	})
		.png()
		.toBuffer({ resolveWithObject: true });
	return { png: data, height: info.height };
}

function clip(text: string, chars: number): string {
	const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
	return graphemes.length <= chars ? text : `${graphemes.slice(0, Math.max(1, chars - 1)).join('').trimEnd()}…`;
}

/**
 * Pango in sharp's libvips has no Thai dictionary, so it would break Thai lines mid-word; ICU does
 * know where the words end, and a zero-width space there gives Pango a place to break.
 */
function breakableWords(text: string): string {
	const words = [...new Intl.Segmenter('th', { granularity: 'word' }).segment(text)].map((s) => s.segment);
	return words.join('\u200b').replace(/\u200b?\s+\u200b?/g, ' ');
}

function escapeMarkup(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
