import { describe, expect, it } from "vitest";
import { ChapterTitleRequest, NEIGHBOUR_CHARS } from "./title.js";

describe("ChapterTitleRequest", () => {
  it("takes a request from before neighbours were sent: no neighbours, only the minimum similarity is checked", () => {
    const parsed = ChapterTitleRequest.parse({ text: "Bread begins with flour.", language: "en", index: 1, taken: ["Chapter 1"], generation: 0 });
    expect(parsed.neighbours).toEqual([]);
  });

  it("takes the previous and the next chapter's text, and no more than that", () => {
    const body = { text: "Bread begins with flour.", index: 1 };
    expect(ChapterTitleRequest.parse({ ...body, neighbours: ["The keeper lit the lamp.", "Interest rates rose."] }).neighbours).toHaveLength(2);
    expect(ChapterTitleRequest.safeParse({ ...body, neighbours: ["a", "b", "c"] }).success).toBe(false);
    expect(ChapterTitleRequest.safeParse({ ...body, neighbours: ["x".repeat(NEIGHBOUR_CHARS + 1)] }).success).toBe(false);
  });
});
