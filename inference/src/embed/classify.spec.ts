import { describe, expect, it } from "vitest";
import { bookWindows, chooseCategories } from "./classify.js";


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

describe("chooseCategories", () => {
  // Scores are probabilities (categories.ts rankBook).
  const ranked = (...scores: number[]) => scores.map((score, i) => ({ slug: `s${i}`, score }));
  it.each([
    ["a clear winner: one category", ranked(0.9, 0.06, 0.04), { slugs: ["s0"], lowConfidence: false }],
    ["a likely runner-up joins", ranked(0.62, 0.35, 0.03), { slugs: ["s0", "s1"], lowConfidence: false }],
    ["close runners-up join, up to three, and the first is doubtful", ranked(0.34, 0.33, 0.31, 0.02), { slugs: ["s0", "s1", "s2"], lowConfidence: true }],
    ["an unlikely runner-up stays out", ranked(0.7, 0.25, 0.05), { slugs: ["s0"], lowConfidence: false }],
    ["a narrow margin is flagged", ranked(0.45, 0.28, 0.27), { slugs: ["s0"], lowConfidence: true }],
    ["a single category is never doubtful", ranked(1), { slugs: ["s0"], lowConfidence: false }],
  ])("%s", (_, input, expected) => {
    expect(chooseCategories(input)).toMatchObject(expected);
  });

  it("keeps to max", () => {
    expect(chooseCategories(ranked(0.34, 0.33, 0.33), { max: 2 }).slugs).toEqual(["s0", "s1"]);
  });
});
