import { describe, expect, it } from "vitest";
import { sentences, words } from "./segment.js";

const slice = (text: string, spans: { start: number; end: number }[]) => spans.map((s) => text.slice(s.start, s.end));

describe("words", () => {
  it.each([
    ["English, punctuation dropped", "Hello, world! It's 5 p.m.", ["Hello", "world", "It's", "5", "p.m"]],
    ["Thai, no spaces, through ICU's dictionary", "แมวนอนหลับอยู่บนหน้าต่าง", ["แมว", "นอน", "หลับ", "อยู่", "บน", "หน้าต่าง"]],
  ])("%s", (_, text, expected) => {
    expect(slice(text, words(text))).toEqual(expected);
  });

  it("cuts a run ICU cannot split into pieces of at most 4 characters, covering it exactly", () => {
    const text = `${"x".repeat(30)} ok`;
    const pieces = slice(text, words(text));
    expect(pieces.at(-1)).toBe("ok");
    expect(pieces.slice(0, -1).join("")).toBe("x".repeat(30));
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(4);
  });
});

describe("sentences", () => {
  it("joins fragments shorter than minChars to the next sentence and keeps offsets exact", () => {
    const text = "Dr. Smith arrived at 5 p.m. He was late. \"Why?\" she asked. Nobody knew why the train had stopped for so long. Yes.";
    const found = sentences(text);
    expect(found.map((s) => s.text)).toEqual([
      "Dr. Smith arrived at 5 p.m. He was late.",
      "\"Why?\" she asked. Nobody knew why the train had stopped for so long. Yes.",
    ]);
    for (const s of found) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it("cuts Thai, which has no sentence punctuation, at spaces into pieces of at least minChars", () => {
    const clause = "ฉันจึงออกไปเดินเล่นที่สวนสาธารณะ เด็กๆ กำลังเล่นฟุตบอล วันนี้อากาศดีมาก ";
    const text = clause.repeat(10).trim();
    const found = sentences(text, { minChars: 40, maxChars: 300 });
    expect(found.length).toBeGreaterThan(5);
    for (const s of found.slice(0, -1)) expect(s.text.length).toBeGreaterThanOrEqual(40);
    for (const s of found) expect(s.text.length).toBeLessThanOrEqual(300);
    expect(found.map((s) => s.text).join(" ")).toBe(text);
  });

  it("cuts a long run without spaces at words", () => {
    const text = "แมวนอนหลับอยู่บนหน้าต่าง".repeat(30);
    const found = sentences(text, { maxChars: 100 });
    expect(found.length).toBeGreaterThan(5);
    for (const s of found) expect(s.text.length).toBeLessThanOrEqual(100);
    expect(found.map((s) => s.text).join("")).toBe(text);
  });

  it("segments a long transcript in slices without cutting a sentence or a word", () => {
    const sentence = "She set the kettle on the stove and stood at the window while it hummed.";
    const thai = "ฝนตกตั้งแต่เช้าจนถึงบ่าย แม่ยืนมองถนนหน้าบ้านที่มีน้ำขังเป็นแอ่ง";
    const english = Array.from({ length: 2000 }, () => sentence).join(" ");
    const mixed = Array.from({ length: 2000 }, (_, i) => (i % 2 ? thai : sentence)).join(" ");
    const began = performance.now();
    const found = sentences(english);
    const wordCount = words(mixed).length;
    expect(performance.now() - began).toBeLessThan(5000); // unsliced, V8 took minutes
    expect(found.map((s) => s.text)).toEqual(Array.from({ length: 2000 }, () => sentence));
    expect(wordCount).toBe(1000 * (words(sentence).length + words(thai).length));
  });

  it("gives nothing for blank text", () => {
    expect(sentences("  \n ")).toEqual([]);
  });
});
