import { describe, expect, it } from "vitest";
import { checkFit, checkTitle, tidyTitle, TITLE_LIMITS } from "./title-checks.js";

const CHAPTER =
  "The fishing boat lost its way in the fog near the rocks. Mara saw its lantern first and rang the bell until the crew turned towards the harbour. In the morning the fishermen brought bread and smoked fish.";
const THAI_CHAPTER = "เรือประมงหลงทางในหมอกใกล้โขดหิน มาราเห็นตะเกียงก่อนใครและตีระฆังจนลูกเรือหันกลับเข้าท่า";
const codes = (title: string, options: { language?: string; taken?: string[]; text?: string } = {}) =>
  checkTitle({ title, chapterText: options.text ?? CHAPTER, language: options.language ?? "en", taken: options.taken ?? [] }).map((p) => p.code);

describe("checkTitle", () => {
  it.each(["The Bell in the Fog", "Mara Saves the Heron", "A Night of Fog", "Bread and Smoked Fish", "The Keeper's Granddaughter"])("passes %j", (title) => {
    expect(codes(title)).toEqual([]);
  });

  it("passes a Thai title for a Thai book", () => {
    expect(codes("ระฆังกลางหมอก", { language: "th", text: THAI_CHAPTER })).toEqual([]);
  });

  it.each([
    ["", "empty"],
    ["Fog", "too_short"],
    ["The long night when Mara saw the lantern of the lost boat", "too_long"],
    ["**The Bell**", "junk"],
    ["<b>The Bell</b>", "junk"],
    ['The "Heron" Returns', "junk"],
    ["Title: The Bell in the Fog", "junk"],
    ["Here is a title for it", "junk"],
    ["The Chapter on the Beach", "junk"],
    ["Summary of the Fog", "junk"],
    ["The Bell in the Fog:", "junk"],
    ["Lost in the Fog…", "junk"],
    ["THE BELL IN THE FOG", "shouting"],
    ["The Bell Rings!", "shouting"],
    ["Fog, Fog and More Fog", "repetitive"],
    ["Mara and the Lantern of", "unfinished"],
    ["Mara saw its lantern first and rang the bell", "copies_transcript"],
    ["Chapter Three", "generic"],
    ["Introduction", "generic"],
    ["The Story", "generic"],
    ["The Final Chapter", "generic"],
    ["La cloche dans le brouillard", "wrong_language"],
  ])("%j → %s", (title, code) => {
    expect(codes(title)).toContain(code);
  });

  it("wants Thai for a Thai book and English for an English one", () => {
    expect(codes("The Bell in the Fog", { language: "th", text: THAI_CHAPTER })).toContain("wrong_language");
    expect(codes("ระฆังกลางหมอก")).toContain("wrong_language");
  });

  it("refuses another chapter's title, whatever its case and punctuation", () => {
    expect(codes("The Bell in the Fog", { taken: ["Morning Bread", "the bell, in the fog"] })).toContain("duplicate");
    expect(codes("The Bell in the Fog", { taken: ["Chapter 1", "Morning Bread", "Chapter 3"] })).toEqual([]);
  });

  it("refuses a title too like another chapter's: half its own words in it", () => {
    expect(codes("The Unfinished Business", { taken: ["The Business of Money"] })).toContain("duplicate");
    expect(codes("After the Fog", { taken: ["The Fog"] })).toContain("duplicate");
    expect(codes("The Bell in the Fog", { taken: ["The Fog Lifts Over the Harbour Town"] })).toContain("duplicate");
    expect(codes("Mara Rings the Bell", { taken: ["The Fog Lifts", "Bread for the Crew"] })).toEqual([]);
  });
});

describe("checkFit", () => {
  const { minFit, neighbourLead } = TITLE_LIMITS;
  it.each([
    ["closer to its own chapter than to either neighbour", { own: 0.3, neighbours: [0.08, 0.24] }],
    ["in a book on one subject, a neighbour as close as its own chapter", { own: 0.3, neighbours: [0.1, 0.3] }],
    ["a neighbour a little closer, by less than the lead allowed", { own: 0.3, neighbours: [0.3 + neighbourLead - 0.01] }],
    ["the first chapter, with only a next one", { own: minFit + 0.1, neighbours: [0] }],
    ["no neighbours given (an older caller): only the minimum", { own: minFit, neighbours: [] }],
  ])("passes a title %s", (_, fit) => {
    expect(checkFit("Baking Bread", fit)).toBeNull();
  });

  it.each([
    ["clearly closer to a neighbour", { own: 0.3, neighbours: [0.1, 0.3 + neighbourLead + 0.01] }, /fits a neighbouring chapter \(0\.37\) better than its own \(0\.30;/],
    ["far closer to the chapter beside it", { own: 0.2, neighbours: [0.35] }, /fits the chapter beside it/],
    ["far from its own chapter, whatever the neighbours", { own: minFit - 0.01, neighbours: [-0.2] }, /too far from what the chapter says/],
  ])("refuses a title %s", (_, fit, message) => {
    const problem = checkFit("The Snow King", fit);
    expect(problem?.code).toBe("off_chapter");
    expect(problem?.message).toMatch(/^the title "The Snow King" is not about this chapter: /);
    expect(problem?.message).toMatch(message);
  });
});

describe("tidyTitle", () => {
  it.each([
    ['"The Bell in the Fog"', "The Bell in the Fog"],
    ["  The Bell\n in the Fog. ", "The Bell in the Fog"],
    ["“A Night of Fog”", "A Night of Fog"],
    ["Lost in the Fog...", "Lost in the Fog..."],
    ["Chapter 2: Interest Rates and Jobs", "Interest Rates and Jobs"],
    ["Chapter 2", "Chapter 2"],
  ])("%j → %j", (raw, tidy) => {
    expect(tidyTitle(raw)).toBe(tidy);
  });
});
