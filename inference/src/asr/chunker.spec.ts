import { describe, expect, it } from "vitest";
import { SAMPLE_RATE } from "./audio.js";
import { chunkPcm, peakRms, quietestCut } from "./chunker.js";

/** A 440 Hz tone with silent gaps at the given seconds. */
function toneWithGaps(seconds: number, gaps: Array<[number, number]>): Float32Array {
  const samples = new Float32Array(seconds * SAMPLE_RATE);
  for (let i = 0; i < samples.length; i++) {
    const t = i / SAMPLE_RATE;
    samples[i] = gaps.some(([a, b]) => t >= a && t < b) ? 0 : 0.3 * Math.sin(2 * Math.PI * 440 * t);
  }
  return samples;
}

async function* blocks(samples: Float32Array, size = 4096) {
  for (let i = 0; i < samples.length; i += size) yield samples.subarray(i, i + size);
}

describe("quietestCut", () => {
  it("cuts inside the pause between min and max", () => {
    const audio = toneWithGaps(30, [[17, 17.5]]);
    const cut = quietestCut(audio, 10 * SAMPLE_RATE, 28 * SAMPLE_RATE) / SAMPLE_RATE;
    expect(cut).toBeGreaterThanOrEqual(17);
    expect(cut).toBeLessThanOrEqual(17.5);
  });
});

describe("chunkPcm", () => {
  it("covers the stream without gaps or overlap, cutting at pauses, within bounds", async () => {
    const audio = toneWithGaps(70, [[15, 15.4], [40, 40.3], [62, 62.5]]);
    const chunks = [];
    for await (const chunk of chunkPcm(blocks(audio), { minSeconds: 10, maxSeconds: 28 })) chunks.push(chunk);
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
    let expectedStart = 0;
    for (const chunk of chunks) {
      expect(chunk.startSample).toBe(expectedStart);
      expectedStart += chunk.samples.length;
      expect(chunk.samples.length).toBeLessThanOrEqual(28 * SAMPLE_RATE);
    }
    expect(expectedStart).toBe(audio.length);
    const cuts = chunks.slice(1).map((c) => c.startSample / SAMPLE_RATE);
    expect(cuts[0]).toBeGreaterThanOrEqual(15);
    expect(cuts[0]).toBeLessThanOrEqual(15.4);
    expect(cuts[1]).toBeGreaterThanOrEqual(40);
    expect(cuts[1]).toBeLessThanOrEqual(40.3);
  });

  it("gives the same chunks however the input is split into blocks", async () => {
    const audio = toneWithGaps(45, [[20, 20.5]]);
    const starts = async (size: number) => {
      const out = [];
      for await (const c of chunkPcm(blocks(audio, size))) out.push(c.startSample);
      return out;
    };
    expect(await starts(1000)).toEqual(await starts(65536));
  });
});

describe("peakRms", () => {
  it("separates silence from a tone", () => {
    expect(peakRms(new Float32Array(SAMPLE_RATE))).toBe(0);
    expect(peakRms(toneWithGaps(1, []))).toBeGreaterThan(0.2);
  });
});
