import { describe, expect, it } from "vitest";
import { SAMPLE_RATE } from "./audio.js";
import { maxPieceSeconds, PADDED_SECONDS, padWithSilence, splitIntoPieces } from "./pieces.js";

/** A 440 Hz tone of `seconds` with silent gaps. */
function toneWithGaps(seconds: number, gaps: Array<[number, number]>): Float32Array {
  const samples = new Float32Array(seconds * SAMPLE_RATE);
  for (let i = 0; i < samples.length; i++) {
    const t = i / SAMPLE_RATE;
    samples[i] = gaps.some(([a, b]) => t >= a && t < b) ? 0 : 0.3 * Math.sin(2 * Math.PI * 440 * t);
  }
  return samples;
}

describe("maxPieceSeconds", () => {
  it.each([
    ["th", 14],
    ["ja", 14],
    ["en", PADDED_SECONDS - 1],
    [null, PADDED_SECONDS - 1],
  ])("%s -> %i s", (language, seconds) => expect(maxPieceSeconds(language)).toBe(seconds));
});

describe("splitIntoPieces", () => {
  it("cuts at the quietest moments into contiguous pieces no longer than the limit", () => {
    const chunk = toneWithGaps(28, [[10, 10.4]]);
    const pieces = splitIntoPieces(chunk, 14);
    let expected = 0;
    for (const p of pieces) {
      expect(p.offset).toBeCloseTo(expected / SAMPLE_RATE, 6);
      expect(p.samples.length).toBeLessThanOrEqual(14 * SAMPLE_RATE);
      expected += p.samples.length;
    }
    expect(expected).toBe(chunk.length);
    expect(pieces[1]!.offset).toBeGreaterThanOrEqual(10);
    expect(pieces[1]!.offset).toBeLessThanOrEqual(10.4);
  });

  it("leaves a chunk that fits as one piece", () => {
    const chunk = toneWithGaps(20, []);
    expect(splitIntoPieces(chunk, 28)).toEqual([{ offset: 0, samples: chunk }]);
  });
});

describe("padWithSilence", () => {
  it("appends silence up to the padded length and keeps the audio", () => {
    const chunk = toneWithGaps(3, []);
    const padded = padWithSilence(chunk);
    expect(padded.length).toBe(PADDED_SECONDS * SAMPLE_RATE);
    expect(padded.subarray(0, chunk.length)).toEqual(chunk);
    expect(padded.subarray(chunk.length).every((x) => x === 0)).toBe(true);
  });

  it("leaves audio that is already long enough alone", () => {
    const chunk = toneWithGaps(PADDED_SECONDS, []);
    expect(padWithSilence(chunk)).toBe(chunk);
  });
});
