import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Analyser } from "../embed/analyse.js";
import { checkTitle } from "../text/title-checks.js";
import type { CompletionRequest, LlmEngine } from "./engine.js";
import { loadTextModels, type TextModels } from "./test-models.js";
import { writeChapterTitle, type TitleInput, type TitleTools } from "./titles.js";
import { BREAD } from "../text/test-chapters.js";

const CHAPTER = BREAD;
/** The chapters before and after it. */
const NEIGHBOURS = [
  "The old lighthouse keeper climbed the spiral stairs every evening to light the great lamp. When the fog rolled in he rang the heavy bell every minute until dawn, and ships passing the headland depended on his flame.",
  "Interest rates decide how much it costs a company or a family to borrow money. When the central bank raises its rate, banks charge more for loans, and over a year or two inflation slows down.",
];

let models: TextModels;
let llm: LlmEngine;
let analyser: Analyser;
beforeAll(async () => {
  models = await loadTextModels();
  ({ llm, analyser } = models);
});
afterAll(async () => {
  await models?.dispose();
});

/** The real engines, recording what the title writer asked of the model. */
function recording() {
  const requests: CompletionRequest[] = [];
  const tools: TitleTools = {
    llm: { ...llm, complete: (r) => (requests.push(r), llm.complete(r)) },
    keySentences: (text, k) => analyser.keySentences(text, k),
    chapterFit: (text, neighbours) => analyser.chapterFit(text, neighbours),
  };
  return { tools, requests };
}

/** The real embedder, with a model that always answers `title`: how a draw is judged, whatever SmolLM2 would write. */
function answering(title: string) {
  let embedded = 0;
  const tools: TitleTools = {
    llm: { ...llm, complete: async () => JSON.stringify({ title }) },
    keySentences: (text, k) => analyser.keySentences(text, k),
    chapterFit: (text, neighbours) => (embedded++, analyser.chapterFit(text, neighbours)),
  };
  return { tools, embedded: () => embedded };
}

const input = (over: Partial<TitleInput> = {}): TitleInput => ({ text: CHAPTER, language: "en", generation: 0, index: 1, taken: ["Chapter 1", "Chapter 3"], neighbours: NEIGHBOURS, writes: ["en"], ...over });

describe("writeChapterTitle", () => {
  it("gives a title only when it passes every check, else the best draw's problems", async () => {
    const { tools, requests } = recording();
    const result = await writeChapterTitle(tools, input());
    expect(requests.length).toBe(result.attempts.length);
    expect(requests[0]!.user).toContain("<chapter>");
    if (result.title) {
      expect(result.problems).toEqual([]);
      expect(checkTitle({ title: result.title, chapterText: CHAPTER, language: "en", taken: input().taken })).toEqual([]);
    } else {
      expect(result.attempts).toHaveLength(3);
      expect(result.problems.length).toBeGreaterThan(0);
    }
  }, 120_000);

  it("draws the same title again for the same generation, and with another seed and wording after a redo", async () => {
    const first = recording();
    const again = recording();
    const redo = recording();
    const a = await writeChapterTitle(first.tools, input());
    const b = await writeChapterTitle(again.tools, input());
    await writeChapterTitle(redo.tools, input({ generation: 1 }));
    expect(b.attempts.map((x) => x.draw)).toEqual(a.attempts.map((x) => x.draw));
    expect(redo.requests[0]!.seed).not.toBe(first.requests[0]!.seed);
    expect(redo.requests[0]!.user.split("\n")[0]).not.toBe(first.requests[0]!.user.split("\n")[0]);
  }, 240_000);

  it("gives a title about its own chapter, with its similarities to it and to the neighbours", async () => {
    const result = await writeChapterTitle(answering("Baking a Crusty Loaf").tools, input());
    expect(result).toMatchObject({ title: "Baking a Crusty Loaf", problems: [] });
    const fit = result.attempts[0]!.fit!;
    expect(fit.neighbours).toHaveLength(2);
    expect(fit.own).toBeGreaterThan(Math.max(...fit.neighbours));
  });

  it("refuses a title about the chapter beside it on every draw, and the chapter keeps its number", async () => {
    const { tools, embedded } = answering("The Lighthouse Keeper's Bell");
    const result = await writeChapterTitle(tools, input());
    expect(result.title).toBe("");
    expect(result.attempts).toHaveLength(3);
    expect(result.problems).toEqual([{ code: "off_chapter", message: expect.stringContaining('the title "The Lighthouse Keeper\'s Bell" is not about this chapter') }]);
    // The chapter and its neighbours are embedded once for all three draws.
    expect(embedded()).toBe(1);
  });

  it("asks nothing of a model that does not write the book's language: the chapters keep their numbers", async () => {
    const { tools, requests } = recording();
    const result = await writeChapterTitle(tools, input({ language: "th", text: "ขนมปังเริ่มจากแป้ง น้ำ เกลือ และยีสต์เล็กน้อย" }));
    expect(requests).toEqual([]);
    expect(result).toMatchObject({ title: "", problems: [{ code: "not_written", message: expect.stringContaining("does not write Thai") }] });
  });
});
