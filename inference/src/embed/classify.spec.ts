import { describe, expect, it } from "vitest";
import { bookWindows, chooseCategories, DEFAULT_DESCRIPTION_WEIGHT, prototypeOf, rankCategories, type CategoryProfile } from "./classify.js";
import { dot, normalize } from "./vectors.js";

const v = (...xs: number[]) => normalize(Float32Array.from(xs));
const profile = (slug: string, vector: Float32Array, examples?: CategoryProfile["examples"]): CategoryProfile => ({ slug, name: slug, description: "", vector, examples });

describe("bookWindows", () => {
  const text = Array.from({ length: 1000 }, (_, i) => `w${i}`).join(" ");

  it("spreads the windows from the first word to the last", () => {
    const windows = bookWindows(text, { maxWindows: 5, wordsPerWindow: 10 });
    expect(windows).toHaveLength(5);
    expect(windows[0]!.split(" ")).toEqual(Array.from({ length: 10 }, (_, i) => `w${i}`));
    expect(windows[2]!.startsWith("w495 ")).toBe(true);
    expect(windows[4]!.endsWith(" w999")).toBe(true);
  });

  it("reads a short text whole, in contiguous windows", () => {
    expect(bookWindows("one two three", { wordsPerWindow: 10 })).toEqual(["one two three"]);
    const windows = bookWindows(text, { maxWindows: 20, wordsPerWindow: 100 });
    expect(windows).toHaveLength(10);
    expect(windows.join(" ")).toBe(text);
  });

  it("counts Thai words, which have no spaces between them", () => {
    const thai = "แมวนอนหลับอยู่บนหน้าต่าง".repeat(10); // 6 words, 10 times
    const windows = bookWindows(thai, { maxWindows: 3, wordsPerWindow: 12 });
    expect(windows).toEqual(["แมวนอนหลับอยู่บนหน้าต่าง".repeat(2), "แมวนอนหลับอยู่บนหน้าต่าง".repeat(2), "แมวนอนหลับอยู่บนหน้าต่าง".repeat(2)]);
    expect(thai.startsWith(windows[0]!) && thai.endsWith(windows[2]!)).toBe(true);
  });

  it("gives nothing for a text without words", () => {
    expect(bookWindows(" ... ")).toEqual([]);
  });
});

describe("rankCategories", () => {
  // Every vector shares a large common component (axis 0), as e5's do.
  const categories = [profile("a", v(5, 1, 0, 0)), profile("b", v(5, 0, 1, 0)), profile("c", v(5, 0, 0, 1))];

  it("ranks best first with scores in descending order", () => {
    const ranked = rankCategories([v(5, 0, 1, 0.2)], categories);
    expect(ranked.map((r) => r.slug)).toEqual(["b", "c", "a"]);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  it("centring on a background removes the common direction a raw cosine is dominated by", () => {
    // A book on "c" whose common component leans toward "a" (as narrative prose leans toward Biography).
    const book = v(5, 2, 0, 1);
    const background = v(5, 2, 0, 0);
    expect(rankCategories([book], categories, { center: "none" })[0]!.slug).toBe("a");
    expect(rankCategories([book], categories, { center: background })[0]!.slug).toBe("c");
  });

  it("scores the mean of the windows, so one odd window does not decide", () => {
    const windows = [v(5, 0, 1, 0), v(5, 0, 1, 0.1), v(5, 1, 0, 0)];
    expect(rankCategories(windows, categories)[0]!.slug).toBe("b");
  });

  it("lets example books outweigh the description as they accumulate", () => {
    const book = v(5, 0, 1, 0.2);
    const other = profile("d", v(5, 0, 0.5, 1));
    const withExamples = (count: number) => [profile("b", v(5, 0, 0, 1), { centroid: v(5, 0, 1, 0), count }), other];
    expect(rankCategories([book], withExamples(0))[0]!.slug).toBe("d");
    expect(rankCategories([book], withExamples(5))[0]!.slug).toBe("b");
  });

  it("refuses a book without vectors", () => {
    expect(() => rankCategories([], categories)).toThrow(/at least one book vector/);
  });
});

describe("prototypeOf", () => {
  it.each([
    [0, 1],
    [1, 0.5],
    [3, 0.25],
  ])("with %i example books and a description worth one, the description keeps share %s", (count, descriptionShare) => {
    const description = v(1, 0);
    const centroid = v(0, 1);
    const p = prototypeOf(profile("x", description, count ? { centroid, count } : undefined), 1);
    expect(Math.atan2(dot(p, centroid), dot(p, description))).toBeCloseTo(Math.atan2(1 - descriptionShare, descriptionShare), 5);
  });

  it("weighs each built-in exemplar and each filed book alike, and the description as DEFAULT_DESCRIPTION_WEIGHT of them", () => {
    const category = { ...profile("x", v(1, 0, 0), { centroid: v(0, 0, 1), count: 2 }), exemplars: { centroid: v(0, 1, 0), count: 12 } };
    const close = (a: Float32Array, b: Float32Array) => Array.from(a).forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 6));
    close(prototypeOf(category), v(DEFAULT_DESCRIPTION_WEIGHT, 12, 2));
    close(prototypeOf(category, 1), v(1, 12, 2));
  });
});

describe("chooseCategories", () => {
  const ranked = (...scores: number[]) => scores.map((score, i) => ({ slug: `s${i}`, score }));
  it.each([
    ["a clear winner: one category", ranked(0.3, 0.2, 0.1), { slugs: ["s0"], lowConfidence: false }],
    ["close runners-up join, up to three", ranked(0.3, 0.29, 0.285, 0.284), { slugs: ["s0", "s1", "s2"], lowConfidence: true }],
    ["one close runner-up", ranked(0.3, 0.265, 0.2), { slugs: ["s0"], lowConfidence: false }],
    ["a narrow margin is flagged", ranked(0.3, 0.275, 0.1), { slugs: ["s0"], lowConfidence: true }],
    ["a single category is never doubtful", ranked(0.1), { slugs: ["s0"], lowConfidence: false }],
  ])("%s", (_, input, expected) => {
    expect(chooseCategories(input)).toMatchObject(expected);
  });

  it("keeps to max", () => {
    expect(chooseCategories(ranked(0.3, 0.3, 0.3), { max: 2 }).slugs).toEqual(["s0", "s1"]);
  });
});
