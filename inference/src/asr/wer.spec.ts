import { describe, expect, it } from "vitest";
import { characterErrorRate, normalizeCharacters, normalizeWords, wordErrorRate } from "./wer.js";

describe("normalizeWords", () => {
  it.each([
    ["Hello, World!", ["hello", "world"]],
    ["It’s the reader's book.", ["it's", "the", "reader's", "book"]],
    ["  'quoted'  words ", ["quoted", "words"]],
    ["Chapter 12: twenty-one", ["chapter", "12", "twenty", "one"]],
  ])("%j", (text, words) => expect(normalizeWords(text)).toEqual(words));
});

describe("wordErrorRate", () => {
  it.each([
    ["the cat sat", "the cat sat", 0],
    ["the cat sat", "The cat, sat.", 0],
    ["the cat sat", "the bat sat", 1 / 3], // substitution
    ["the cat sat", "the sat", 1 / 3], // deletion
    ["the cat sat", "the cat sat down", 1 / 3], // insertion
    ["the cat sat", "", 1],
    ["", "", 0],
  ])("%j vs %j", (reference, hypothesis, expected) => {
    expect(wordErrorRate(reference, hypothesis)).toBeCloseTo(expected, 10);
  });
});

describe("characterErrorRate", () => {
  it.each([
    ["สวัสดีค่ะ", "สวัสดีค่ะ", 0],
    // spaces and punctuation do not count: Thai writes no spaces between words
    ["ขณะนี้เป็นเวลา", "ขณะนี้ เป็นเวลา.", 0],
    // a tone mark is a character of its own: ค่ะ vs คะ is one deletion of three
    ["ค่ะ", "คะ", 1 / 3],
    ["The cat", "the bat", 1 / 6],
    ["", "", 0],
    ["abc", "", 1],
  ])("%j vs %j", (reference, hypothesis, expected) => {
    expect(characterErrorRate(reference, hypothesis)).toBeCloseTo(expected, 10);
  });

  it("counts Thai vowels and tone marks as characters", () => {
    expect(normalizeCharacters("ค่ะ, ดี!")).toEqual(["ค", "่", "ะ", "ด", "ี"]);
  });
});
