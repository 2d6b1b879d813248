/**
 * Chapter boundaries on one recording: its speech transcribed by the real sidecar exactly as the
 * transcribe step asks for it (segments cached under eval/.cache/chapters/), given to the chapters
 * step's finder, and scored against where each chapter's speech truly begins.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findChapters, type FoundChapter } from '../../src/lib/server/chapters/boundaries';
import { streamSidecar } from '../../src/lib/server/pipeline/sidecar';
import { scoreBoundaries, type BoundaryScore } from './chapters';
import type { Passage } from './passages';
import { CACHE_DIR, type Synthesized } from './synth';

export type Segment = { start: number; end: number; text: string };

const SEGMENTS_DIR = path.join(CACHE_DIR, 'chapters');

export async function transcribeSegments(sidecarUrl: string, audio: Synthesized, language: string): Promise<{ segments: Segment[]; cached: boolean }> {
	mkdirSync(SEGMENTS_DIR, { recursive: true });
	const file = path.join(SEGMENTS_DIR, `${createHash('sha256').update(`${audio.key}:${language}`).digest('hex').slice(0, 24)}.json`);
	if (existsSync(file)) return { segments: JSON.parse(readFileSync(file, 'utf8')) as Segment[], cached: true };
	const segments: Segment[] = [];
	const body = { audio: { path: audio.file }, startChunk: 0, provider: 'local', language };
	for await (const e of streamSidecar('/v1/transcribe', body, { baseUrl: sidecarUrl, idleMs: 600_000, signal: new AbortController().signal })) {
		if (e.type === 'chunk') segments.push(...e.segments);
	}
	writeFileSync(file, JSON.stringify(segments));
	return { segments, cached: false };
}

export interface ChapterMeasure {
	id: string;
	trueStartsMs: number[];
	found: FoundChapter[];
	score: BoundaryScore;
}

export function measureChapters(p: Passage, audio: Synthesized, segments: Segment[]): ChapterMeasure {
	const found = findChapters(segments, { durationMs: audio.durationSeconds * 1000, language: p.language });
	const trueStartsMs = audio.chapterStartsSeconds.map((s) => Math.round(s * 1000));
	return { id: p.id, trueStartsMs, found, score: scoreBoundaries(found.map((c) => c.startMs), trueStartsMs) };
}
