import { SAMPLE_RATE } from "./audio.js";
import { quietestCut } from "./chunker.js";
import { writesWithoutSpaces } from "./language.js";

/*
 * sherpa-onnx stops Whisper after 6 tokens per second of the audio it is given (a guard against
 * runaway decoding), timestamp tokens included. English narration needs about 4, so a 28 s chunk
 * fits; measured: espeak-ng English at 310 words a minute lost its last sentence in an 11 s chunk
 * and kept it when the same audio was padded with silence to 29 s. Thai, Lao, Khmer, Burmese,
 * Tibetan, Chinese and Japanese need about one token per character, 8–13 a second at a normal pace.
 * So every piece handed to sherpa-onnx is padded with silence to 29 s (its limit is 29.5 s; Whisper
 * itself pads to 30 s the same way), which gives each piece 174 tokens, and in those languages a
 * chunk is decoded as pieces of at most 14 s (12 tokens a second), cut at their quietest point.
 */
export const PADDED_SECONDS = 29;
const DENSE_PIECE_SECONDS = 14;

/** The longest audio one decode may cover in this language and still have tokens for all of it. */
export function maxPieceSeconds(language: string | null | undefined): number {
  return writesWithoutSpaces(language) ? DENSE_PIECE_SECONDS : PADDED_SECONDS - 1;
}

export interface Piece {
  /** Seconds from the start of the chunk. */
  offset: number;
  samples: Float32Array;
}

/** Splits a chunk at its quietest moments into pieces of at most maxSeconds (the chunk itself when it fits). */
export function splitIntoPieces(samples: Float32Array, maxSeconds: number): Piece[] {
  const max = Math.round(maxSeconds * SAMPLE_RATE);
  const pieces: Piece[] = [];
  let start = 0;
  while (samples.length - start > max) {
    const rest = samples.subarray(start);
    const cut = quietestCut(rest, Math.floor(max / 2), max);
    pieces.push({ offset: start / SAMPLE_RATE, samples: rest.subarray(0, cut) });
    start += cut;
  }
  pieces.push({ offset: start / SAMPLE_RATE, samples: samples.subarray(start) });
  return pieces;
}

/** The samples followed by silence up to PADDED_SECONDS (unchanged when already that long). */
export function padWithSilence(samples: Float32Array): Float32Array {
  const length = PADDED_SECONDS * SAMPLE_RATE;
  if (samples.length >= length) return samples;
  const padded = new Float32Array(length);
  padded.set(samples);
  return padded;
}
