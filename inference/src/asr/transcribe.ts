import { decodePcm, SAMPLE_RATE, type AudioSource } from "./audio.js";
import { chunkPcm, DEFAULT_CHUNKING, peakRms, type AudioChunk, type ChunkingOptions } from "./chunker.js";
import type { AsrEngine, Segment, TranscribedChunk } from "./engine.js";

export interface TranscribeOptions {
  /** Resume: chunks before this index are cut (cheaply) but not recognised again. */
  startChunk?: number;
  /** ISO code; "" = detect it once for the whole recording; undefined = the engine's default. */
  language?: string;
  chunking?: ChunkingOptions;
  signal?: AbortSignal;
}

/**
 * Segments in recording time. The model's phrase times are clamped into the chunk and made
 * non-decreasing (a model may emit overlapping or backwards timestamps; consumers rely on order).
 */
function inRecordingTime(raw: Segment[], start: number, end: number): Segment[] {
  const segments: Segment[] = [];
  let cursor = start;
  for (const s of raw) {
    const segmentStart = Math.min(Math.max(start + s.start, cursor), end);
    const segmentEnd = Math.min(Math.max(start + s.end, segmentStart), end);
    segments.push({ start: segmentStart, end: segmentEnd, text: s.text });
    cursor = segmentEnd;
  }
  return segments;
}

async function recognize(engine: AsrEngine, samples: Float32Array, language: string | undefined, start: number, end: number): Promise<Segment[]> {
  if (!engine.recognizeSegments) {
    const text = await engine.recognize(samples, { language });
    return text ? [{ start, end, text }] : [];
  }
  return inRecordingTime(await engine.recognizeSegments(samples, { language }), start, end);
}

/** Below this loudness a chunk is silence; Whisper would invent words ("Thank you.") for it. */
const SILENCE_RMS = 0.003;

const hasSpeech = (chunk: AudioChunk) => peakRms(chunk.samples) >= SILENCE_RMS;

/**
 * Transcribes a recording chunk by chunk, yielding each finished chunk so the caller can
 * checkpoint it. Segment times are seconds from the start of the recording and increase
 * monotonically; chunk indices are stable across runs, so startChunk resumes a job.
 *
 * A book has one language. When it is to be detected, it is what the engine hears in the first
 * chunk with speech, and every chunk is then recognised in it: one chunk of music or a quoted
 * foreign phrase cannot switch the book's language, and a resumed job (which detects from that
 * same first chunk again, even if it was transcribed before) gets the same language.
 */
export async function* transcribe(engine: AsrEngine, source: AudioSource, options: TranscribeOptions = {}): AsyncGenerator<TranscribedChunk> {
  const startChunk = options.startChunk ?? 0;
  const asked = options.language ?? engine.defaultLanguage;
  const detecting = asked === "" && engine.recognizeDetecting !== undefined;
  let language: string | null = asked || null;
  let detected = false;
  for await (const chunk of chunkPcm(decodePcm(source, options.signal), options.chunking ?? DEFAULT_CHUNKING)) {
    options.signal?.throwIfAborted();
    const start = chunk.startSample / SAMPLE_RATE;
    const end = (chunk.startSample + chunk.samples.length) / SAMPLE_RATE;
    const speech = hasSpeech(chunk);
    if (chunk.index < startChunk) {
      // Resuming: the language still comes from the recording's first chunk with speech.
      if (detecting && !detected && speech) {
        language = (await engine.recognizeDetecting!(chunk.samples)).language;
        detected = true;
      }
      continue;
    }
    const began = performance.now();
    let segments: Segment[] = [];
    if (speech && detecting && !detected) {
      const result = await engine.recognizeDetecting!(chunk.samples);
      language = result.language;
      detected = true;
      segments = inRecordingTime(result.segments, start, end);
    } else if (speech) {
      // Still undetected here only for engines that cannot detect: they get "" and decide per chunk.
      segments = await recognize(engine, chunk.samples, language ?? asked, start, end);
    }
    yield { index: chunk.index, start, end, segments, elapsed: (performance.now() - began) / 1000, language };
  }
}
