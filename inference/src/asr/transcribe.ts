import { decodePcm, SAMPLE_RATE, type AudioSource } from "./audio.js";
import { chunkPcm, DEFAULT_CHUNKING, peakRms, type ChunkingOptions } from "./chunker.js";
import type { AsrEngine, Segment, TranscribedChunk } from "./engine.js";

export interface TranscribeOptions {
  /** Resume: chunks before this index are cut (cheaply) but not recognised again. */
  startChunk?: number;
  language?: string;
  chunking?: ChunkingOptions;
  signal?: AbortSignal;
}

/**
 * Segments in recording time. The model's phrase times are clamped into the chunk and made
 * non-decreasing (a model may emit overlapping or backwards timestamps; consumers rely on order).
 */
async function recognize(engine: AsrEngine, samples: Float32Array, language: string | undefined, start: number, end: number): Promise<Segment[]> {
  if (!engine.recognizeSegments) {
    const text = await engine.recognize(samples, { language });
    return text ? [{ start, end, text }] : [];
  }
  const segments: Segment[] = [];
  let cursor = start;
  for (const s of await engine.recognizeSegments(samples, { language })) {
    const segmentStart = Math.min(Math.max(start + s.start, cursor), end);
    const segmentEnd = Math.min(Math.max(start + s.end, segmentStart), end);
    segments.push({ start: segmentStart, end: segmentEnd, text: s.text });
    cursor = segmentEnd;
  }
  return segments;
}

/** Below this loudness a chunk is silence; Whisper would invent words ("Thank you.") for it. */
const SILENCE_RMS = 0.003;

/**
 * Transcribes a recording chunk by chunk, yielding each finished chunk so the caller can
 * checkpoint it. Segment times are seconds from the start of the recording and increase
 * monotonically; chunk indices are stable across runs, so startChunk resumes a job.
 */
export async function* transcribe(engine: AsrEngine, source: AudioSource, options: TranscribeOptions = {}): AsyncGenerator<TranscribedChunk> {
  const startChunk = options.startChunk ?? 0;
  for await (const chunk of chunkPcm(decodePcm(source, options.signal), options.chunking ?? DEFAULT_CHUNKING)) {
    if (chunk.index < startChunk) continue;
    options.signal?.throwIfAborted();
    const start = chunk.startSample / SAMPLE_RATE;
    const end = (chunk.startSample + chunk.samples.length) / SAMPLE_RATE;
    const began = performance.now();
    const segments = peakRms(chunk.samples) < SILENCE_RMS ? [] : await recognize(engine, chunk.samples, options.language, start, end);
    yield { index: chunk.index, start, end, segments, elapsed: (performance.now() - began) / 1000 };
  }
}
