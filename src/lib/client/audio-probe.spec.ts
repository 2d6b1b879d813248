/**
 * ffmpeg.wasm is browser-only: in Node (server rendering, these tests) @ffmpeg/ffmpeg resolves to a
 * stub whose constructor throws. So it may only be imported dynamically, from browser code; a static
 * import anywhere in src/ would break server rendering of the page that imports it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSize, probeAudio, WASM_INPUT_LIMIT } from './audio-probe';

const SRC = path.resolve(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) return sources(p);
		return /\.(ts|svelte|js)$/.test(e.name) ? [p] : [];
	});
}

describe('ffmpeg.wasm in Node', () => {
	it('new FFmpeg() throws "does not support nodejs" (the node export condition is a stub)', async () => {
		const { FFmpeg } = await import('@ffmpeg/ffmpeg');
		expect(() => new FFmpeg()).toThrow('ffmpeg.wasm does not support nodejs');
	});

	it('no file in src/ imports @ffmpeg/* statically', () => {
		const offenders = sources(SRC).filter((file) => /^\s*import\s[^;]*?from\s+['"]@ffmpeg\//m.test(readFileSync(file, 'utf8')));
		expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
	});
});

describe('probeAudio refusals that need no wasm', () => {
	const file = (size: number) => ({ name: 'book.mp3', size }) as File;
	it.each([
		['an empty file', 0, 10_000, 'refused', /empty/],
		['a file over the configured limit', 5 * 1024 ** 2 + 1, 5 * 1024 ** 2, 'refused', /is 5\u00a0MB; the limit is 5\u00a0MB/],
		['a file over wasm’s 2 GB input limit', WASM_INPUT_LIMIT, 50 * 1024 ** 3, 'unchecked', /server checks this one/]
	])('%s', async (_label, size, maxBytes, kind, reason) => {
		const result = await probeAudio(file(size), { coreBase: '/nowhere', maxBytes });
		expect(result.kind).toBe(kind);
		expect('reason' in result && result.reason).toMatch(reason);
	});

	it('a load failure (here: Node, where the library is a stub) means the server checks, not a refusal', async () => {
		const result = await probeAudio(file(1000), { coreBase: '/nowhere', maxBytes: 10_000 });
		expect(result).toEqual({ kind: 'unchecked', reason: expect.stringContaining('does not support nodejs') });
	});
});

it('formatSize', () => {
	expect(formatSize(2 * 1024 ** 3)).toBe('2\u00a0GB');
	expect(formatSize(500 * 1024 ** 2)).toBe('500\u00a0MB');
});
