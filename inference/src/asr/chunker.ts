import { SAMPLE_RATE } from "./audio.js";

export interface ChunkingOptions {
  /** A chunk is never shorter than this (except the last one)... */
  minSeconds: number;
  /** ...nor longer than this; Whisper sees at most 30 s (sherpa-onnx keeps 29.5 s). */
  maxSeconds: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = { minSeconds: 10, maxSeconds: 28 };

export interface AudioChunk {
  index: number;
  /** Offset of the first sample in the whole recording. */
  startSample: number;
  samples: Float32Array;
}

const FRAME = SAMPLE_RATE / 50; // 20 ms energy frames
const SMOOTH_FRAMES = 5; // judge pauses over 100 ms, not single frames

/**
 * Cuts a PCM stream into chunks at the quietest moment between minSeconds and maxSeconds,
 * which in narrated audio is a pause between phrases. Cutting in pauses means no word is
 * split across chunks, so chunks need no overlap and transcripts no de-duplication.
 * The cut points depend only on the audio, so re-running yields the same chunks: a resumed
 * job can skip chunks by index.
 */
export async function* chunkPcm(
  pcm: AsyncIterable<Float32Array>,
  options: ChunkingOptions = DEFAULT_CHUNKING,
): AsyncGenerator<AudioChunk> {
  const minSamples = Math.round(options.minSeconds * SAMPLE_RATE);
  const maxSamples = Math.round(options.maxSeconds * SAMPLE_RATE);
  let buffer: Float32Array = new Float32Array(0);
  let startSample = 0;
  let index = 0;
  for await (const block of pcm) {
    buffer = append(buffer, block);
    while (buffer.length >= maxSamples) {
      const cut = quietestCut(buffer, minSamples, maxSamples);
      yield { index: index++, startSample, samples: buffer.slice(0, cut) };
      startSample += cut;
      buffer = buffer.slice(cut);
    }
  }
  if (buffer.length > 0) yield { index: index++, startSample, samples: buffer };
}

function append(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Sample index in [min, max] at the centre of the lowest-energy 100 ms window. */
export function quietestCut(samples: Float32Array, min: number, max: number): number {
  const firstFrame = Math.floor(min / FRAME);
  const lastFrame = Math.floor(max / FRAME) - SMOOTH_FRAMES;
  if (lastFrame <= firstFrame) return max;
  const energy = new Float64Array(lastFrame + SMOOTH_FRAMES);
  for (let f = firstFrame; f < energy.length; f++) {
    let sum = 0;
    for (let i = f * FRAME; i < (f + 1) * FRAME; i++) sum += samples[i]! * samples[i]!;
    energy[f] = sum;
  }
  let best = firstFrame;
  let bestEnergy = Infinity;
  for (let f = firstFrame; f <= lastFrame; f++) {
    let window = 0;
    for (let k = 0; k < SMOOTH_FRAMES; k++) window += energy[f + k]!;
    // `<=` prefers the later of equally quiet spots: longer chunks give Whisper more context.
    if (window <= bestEnergy) {
      bestEnergy = window;
      best = f;
    }
  }
  return (best + Math.floor(SMOOTH_FRAMES / 2)) * FRAME + FRAME / 2;
}

/** Root mean square of the loudest 100 ms in the chunk: below ~0.003 there is no speech. */
export function peakRms(samples: Float32Array): number {
  const window = FRAME * SMOOTH_FRAMES;
  let peak = 0;
  for (let start = 0; start < samples.length; start += window) {
    const end = Math.min(samples.length, start + window);
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
    peak = Math.max(peak, Math.sqrt(sum / Math.max(1, end - start)));
  }
  return peak;
}
