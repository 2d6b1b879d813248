import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { checkFit, TITLE_LIMITS } from "../text/title-checks.js";
import { createAnalyser, type Analyser } from "./analyse.js";
import { createE5Embedder, type Embedder } from "./engine.js";
import { FIT_CHARS, spread } from "./title-fit.js";
import { BREAD, LIGHTHOUSE, RATES } from "../text/test-chapters.js";

/** A novel's three chapters: the same keeper's daughter, lighthouse and harbour in each, a different turn of the story. */
const NOVEL = [
  "Mara and her father Tomas kept the lighthouse on the rocks above the harbour. Every evening Tomas climbed the stairs to light the lamp while Mara mended nets on the quay and watched the fishing boats come home. That autumn her father began to cough, and Mara learned to trim the wick herself.",
  "The fog came in on the night Tomas lay ill. Mara climbed the stairs alone, lit the lamp and rang the bell every minute, because the fishing boats were still out. Near midnight a lantern showed by the rocks, and Mara rang until the last boat found the harbour and the fishermen shouted up their thanks.",
  "In spring Tomas was well enough to sit on the quay again. The fishermen brought bread and smoked fish to the lighthouse, and the harbour master asked Mara to keep the lamp for the town. Her father watched her climb the stairs at dusk, and the light came on over the harbour as it always had.",
];

let embedder: Embedder;
let analyser: Analyser;
beforeAll(async () => {
  const config = loadConfig();
  embedder = await createE5Embedder({ dir: config.EMBED_MODEL_DIR, threads: config.EMBED_THREADS });
  analyser = createAnalyser(embedder);
});
afterAll(() => embedder?.dispose());

describe("a chapter title's fit (real e5 model)", () => {
  it.each(["Baking Bread at Home", "Kneading and Baking a Loaf"])("accepts %j for the bread chapter between the lighthouse and the rates", async (title) => {
    const fit = await (await analyser.chapterFit(BREAD, [LIGHTHOUSE, RATES]))(title);
    expect(checkFit(title, fit)).toBeNull();
  });

  it.each(["The Lighthouse Keeper's Lamp", "How Interest Rates Work", "The Snow King", "A Voyage to the Stars"])("refuses %j for the bread chapter", async (title) => {
    const fit = await (await analyser.chapterFit(BREAD, [LIGHTHOUSE, RATES]))(title);
    expect(checkFit(title, fit)?.code).toBe("off_chapter");
  });

  it("scores a Thai title for a Thai chapter above an English title about the next chapter", async () => {
    const score = await analyser.chapterFit("ขนมปังเริ่มจากแป้ง น้ำ เกลือ และยีสต์เล็กน้อย คนทำขนมปังนวดแป้งสิบนาทีจนเนียน แล้วพักไว้ให้ขึ้นฟูก่อนเข้าเตาอบร้อนจัด", [RATES]);
    const [thai, english] = [await score("การอบขนมปัง"), await score("How Interest Rates Work")];
    expect(checkFit("การอบขนมปัง", thai)).toBeNull();
    expect(checkFit("How Interest Rates Work", english)?.code).toBe("off_chapter");
  });
});

describe("a title in a book on one subject (real e5 model)", () => {
  const middle = () => analyser.chapterFit(NOVEL[1]!, [NOVEL[0]!, NOVEL[2]!]);

  it("keeps a fitting title for the foggy night even though the chapters beside it share its people and places", async () => {
    const fit = await (await middle())("Mara Alone in the Tower");
    // The neighbours sit close: a rule that wanted a clear margin over them would throw this title away.
    expect(fit.own - Math.max(...fit.neighbours)).toBeLessThan(0.05);
    expect(checkFit("Mara Alone in the Tower", fit)).toBeNull();
    expect(checkFit("The Night of the Fog", await (await middle())("The Night of the Fog"))).toBeNull();
  });

  it.each([
    ["Spring on the Quay", "the next chapter's"],
    ["Her Father's Cough", "the previous chapter's"],
  ])("refuses %j, %s subject, for the foggy night", async (title) => {
    const fit = await (await middle())(title);
    expect(Math.max(...fit.neighbours) - fit.own).toBeGreaterThan(TITLE_LIMITS.neighbourLead);
    expect(checkFit(title, fit)?.code).toBe("off_chapter");
  });
});

describe("spread", () => {
  it("keeps a short chapter whole and cuts a long one to even slices of whole words from start to end", () => {
    expect(spread("  A short   chapter. ")).toBe("A short chapter.");
    const long = Array.from({ length: 2_000 }, (_, i) => `word${i}`).join(" ");
    const cut = spread(long);
    expect(cut.length).toBeLessThanOrEqual(FIT_CHARS + 20);
    expect(cut.startsWith("word0 ")).toBe(true);
    expect(cut.endsWith("word1999")).toBe(true);
    for (const piece of cut.split(/\s+/)) expect(piece).toMatch(/^(word\d+|…)$/);
    expect(cut.split(" … ")).toHaveLength(6);
  });
});
