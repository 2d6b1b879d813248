import { describe, expect, it } from "vitest";
import { discriminantScores, fitDiscriminant, ledoitWolfShrinkage, posteriors } from "./discriminant.js";

const f32 = (...xs: number[]) => Float32Array.from(xs);
const best = (scores: number[]) => scores.indexOf(Math.max(...scores));

describe("ledoitWolfShrinkage", () => {
  it("gives what scikit-learn's ledoit_wolf gives for the same centred rows", () => {
    // Twelve correlated rows in six dimensions; scikit-learn 1.9: shrinkage 0.322617, μ 7.871659.
    const rows = [
      [-8.9264, 6.7835, -0.5458, 3.7051, 0.4091, 1.4846],
      [1.1976, 0.7942, 3.4911, -2.7835, -0.0582, 1.8221],
      [-2.3937, -1.4121, 0.3529, 2.9914, -0.2558, 0.4753],
      [-0.9636, 0.1785, 1.4493, -5.747, -1.178, 1.9652],
      [-0.3813, 2.7072, -5.051, 3.2773, 1.3892, -3.056],
      [0.6308, -1.3125, 1.0532, 3.6492, -1.2336, -0.4573],
      [5.2193, -4.1769, 3.3927, -6.4345, -1.4604, 1.3335],
      [2.7208, -0.9757, 1.4321, -3.9567, 1.1957, 0.839],
      [3.4152, -0.0102, 2.2814, -3.8858, -1.318, 0.5565],
      [2.59, 0.0361, -4.7434, -0.0166, 1.0388, -3.0971],
      [-1.7604, -2.203, -2.8054, 4.9062, 1.1361, -1.4214],
      [-1.3483, -0.4091, -0.3071, 4.2948, 0.3353, -0.4444],
    ].map((r) => Float64Array.from(r));
    const { shrinkage, mu } = ledoitWolfShrinkage(rows);
    expect(shrinkage).toBeCloseTo(0.322617, 5);
    expect(mu).toBeCloseTo(7.871659, 5);
  });

  it("needs two rows to see any spread", () => {
    expect(() => ledoitWolfShrinkage([Float64Array.from([1, 2])])).toThrow(/two rows/);
  });
});

describe("fitDiscriminant", () => {
  // Two categories whose texts differ a little along x and agree there, and spread widely along y
  // (as texts of one genre differ by narrator or period): a book far along y is still judged by x.
  const spreadAlongY = (x: number) => [f32(x, -3), f32(x + 0.05, -1), f32(x - 0.05, 1), f32(x, 3)];
  const a = { samples: spreadAlongY(0) };
  const b = { samples: [f32(1, 2), f32(1.05, 1.9), f32(0.95, 2.1), f32(1, 2)] };

  it("weighs a direction by how little a category's own texts vary along it", () => {
    const book = f32(0.1, 1.5);
    // By plain distance the book is nearer b's mean (1, 2) than a's (0, 0)...
    const distance = (m: number[]) => Math.hypot(book[0]! - m[0]!, book[1]! - m[1]!);
    expect(distance([1, 2])).toBeLessThan(distance([0, 0]));
    // ...but along x, where both categories' texts agree, it is a's.
    const model = fitDiscriminant([a, b]);
    expect(best(discriminantScores(model, book))).toBe(0);
    expect(best(discriminantScores(model, f32(0.95, 0)))).toBe(1);
  });

  it("ranks by the nearest mean when no category has two texts to show its spread", () => {
    const model = fitDiscriminant([{ samples: [f32(1, 0)] }, { samples: [f32(0, 1)] }]);
    expect(best(discriminantScores(model, f32(0.8, 0.6)))).toBe(0);
    expect(best(discriminantScores(model, f32(0.6, 0.8)))).toBe(1);
  });

  it("lets filed books, known by their mean and number, pull a category toward them as they accumulate", () => {
    const book = f32(0.4, 0);
    const filed = (count: number) => fitDiscriminant([a, { samples: b.samples, means: count ? [{ vector: f32(0.4, 0), count }] : [] }]);
    expect(best(discriminantScores(filed(0), book))).toBe(0);
    expect(best(discriminantScores(filed(20), book))).toBe(1);
  });

  it("still ranks when a category's texts do not vary at all", () => {
    const model = fitDiscriminant([{ samples: [f32(1, 0), f32(1, 0)] }, { samples: [f32(0, 1), f32(0, 1)] }]);
    expect(best(discriminantScores(model, f32(0.9, 0.1)))).toBe(0);
    expect(best(discriminantScores(model, f32(0.1, 0.9)))).toBe(1);
  });

  it("refuses a category with nothing to learn from", () => {
    expect(() => fitDiscriminant([a, { samples: [] }])).toThrow(/without any vector/);
    expect(() => fitDiscriminant([])).toThrow(/at least one vector/);
  });
});

describe("posteriors", () => {
  it("are probabilities in the order of the scores, softer with a higher temperature", () => {
    const sharp = posteriors([10, 0, -5], 1);
    const soft = posteriors([10, 0, -5], 5);
    for (const p of [sharp, soft]) {
      expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
      expect(p[0]).toBeGreaterThan(p[1]!);
      expect(p[1]).toBeGreaterThan(p[2]!);
    }
    expect(sharp[0]).toBeGreaterThan(0.9999);
    expect(soft[0]).toBeCloseTo(1 / (1 + Math.exp(-2) + Math.exp(-3)), 10);
  });

  it("stay finite for scores in the thousands", () => {
    expect(posteriors([5000, 4990])).toEqual([expect.closeTo(1 / (1 + Math.exp(-2)), 10), expect.closeTo(Math.exp(-2) / (1 + Math.exp(-2)), 10)]);
  });
});
