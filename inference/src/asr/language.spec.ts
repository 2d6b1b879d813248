import { describe, expect, it } from "vitest";
import { isWhisperLanguage, joinSegments } from "./language.js";

describe("joinSegments", () => {
  it.each([
    ["English: one space between phrases", ["The keeper climbed", " the stairs. "], "en", "The keeper climbed the stairs."],
    ["Thai: no space put between phrases", ["สวัสดีค่ะ", "ขณะนี้เป็นเวลา"], "th", "สวัสดีค่ะขณะนี้เป็นเวลา"],
    ["Thai keeps the spaces Whisper wrote inside a phrase", ["9 นาฬิกา 25 นาที"], "th", "9 นาฬิกา 25 นาที"],
    ["Japanese", ["今日は", "晴れです"], "ja", "今日は晴れです"],
    ["unknown language: spaces", ["a", "b"], null, "a b"],
    ["blank segments dropped", ["a", "  ", "b"], "en", "a b"],
  ])("%s", (_name, texts, language, expected) => {
    expect(joinSegments(texts, language)).toBe(expected);
  });
});

describe("isWhisperLanguage", () => {
  it.each([
    ["th", true],
    ["en", true],
    ["haw", true],
    ["", false],
    ["EN", false],
    ["xx", false],
    ["thai", false],
  ])("%j -> %s", (code, expected) => expect(isWhisperLanguage(code)).toBe(expected));
});
