import { describe, expect, it } from "vitest";
import { answerText } from "./prompts.js";

describe("answerText", () => {
  it("reads the key of a whole JSON answer", () => {
    expect(answerText('{"title":"The Harbour at Dawn"}', "title")).toBe("The Harbour at Dawn");
    expect(answerText('{"title":3}', "title")).toBe("");
    expect(answerText('{"other":"x"}', "title")).toBe("");
  });

  it("keeps what a cut-off answer wrote so far, quotes unescaped and, when asked, newlines as spaces", () => {
    const cut = '{"description":"A keeper\\nand his \\"lamp\\" on the roc';
    expect(answerText(cut, "description", { flattenNewlines: true })).toBe('A keeper and his "lamp" on the roc');
    expect(answerText(cut, "description")).toBe('A keeper\\nand his "lamp" on the roc');
    expect(answerText('{"title": "Half a ti', "title")).toBe("Half a ti");
    expect(answerText("no json here", "title")).toBe("");
  });
});
