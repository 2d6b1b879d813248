import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { buildCategoryIndex } from "../embed/categories.js";
import { createE5Embedder, type Embedder } from "../embed/engine.js";
import { storeTaxonomy } from "../embed/test-taxonomy.js";
import { normalize } from "../embed/vectors.js";
import { keySentences, selectKeySentences } from "./key-sentences.js";

const v = (...xs: number[]) => normalize(Float32Array.from(xs));

describe("selectKeySentences", () => {
  it("takes one sentence from each of k parts, in order, even when the best are all at the start", () => {
    // The first four sentences are closest to the book's direction (axis 0).
    const vectors = [v(1, 0.01), v(1, 0.02), v(1, 0.03), v(1, 0.04), v(0.6, 1), v(0.5, 1), v(0.7, 1), v(0.4, 1)];
    const picks = selectKeySentences(vectors, { k: 4 });
    expect(picks.map((p) => Math.floor(p.index / 2))).toEqual([0, 1, 2, 3]);
    expect(picks.map((p) => p.index)).toEqual([...picks.map((p) => p.index)].sort((a, b) => a - b));
  });

  it("prefers a fresh sentence to a near-copy of one already picked", () => {
    // Part 2's most relevant sentence (index 2) repeats part 1's pick; index 3 says something else.
    const vectors = [v(1, 0, 0.02), v(0, 1, 0.6), v(1, 0, 0), v(0.4, 0, 1)];
    expect(selectKeySentences(vectors, { k: 2, lambda: 1 }).map((p) => p.index)).toEqual([0, 2]);
    expect(selectKeySentences(vectors, { k: 2 }).map((p) => p.index)).toEqual([0, 3]);
  });

  it.each([
    [0, 3, []],
    [3, 0, []],
    [2, 5, [0, 1]],
  ])("with %i sentences and k = %i gives %j", (n, k, expected) => {
    const vectors = Array.from({ length: n }, (_, i) => v(1, i));
    expect(selectKeySentences(vectors, { k }).map((p) => p.index)).toEqual(expected);
  });
});

describe("keySentences (real model)", () => {
  let embedder: Embedder;
  let background: Float32Array;
  beforeAll(async () => {
    const config = loadConfig();
    embedder = await createE5Embedder({ dir: config.EMBED_MODEL_DIR, threads: config.EMBED_THREADS });
    ({ background } = await buildCategoryIndex(embedder, storeTaxonomy().slice(0, 1)));
  });
  afterAll(() => embedder.dispose());

  // A book in four acts: three sentences carry each act's story, two are chatter.
  const acts = [
    ["Mara inherited her grandfather's fishing boat and the debts that came with it.", "It was a Tuesday.", "The bank gave her one season to pay what the old man owed, or the boat would be sold.", "The kettle whistled in the kitchen.", "She spent the winter mending nets and learning the tides he had known by heart."],
    ["Out at sea, a storm tore the nets and Mara had to steer the boat through the rocks alone.", "She said nothing.", "Waves broke over the deck and the engine coughed twice before it caught again.", "The coffee was cold.", "By morning the boat limped into a bay she had never seen on any chart."],
    ["On a small island she found a lighthouse keeper who had known her grandfather as a young man.", "Yes, she thought.", "He told her where the old fisherman had found the great shoals of herring every autumn.", "The cat slept on the windowsill.", "She copied his grandfather's secret fishing marks into her notebook by lamplight."],
    ["Back in the harbour, Mara sold the catch, paid the last debt and painted a new name on the boat.", "Then it was evening.", "The fishermen who had laughed at her in spring now asked where she had fished.", "Somebody closed the shutters.", "She only smiled and went down to the boat to mend the nets for the next season."],
  ];
  const book = acts.map((a) => a.join(" ")).join(" ");
  const story = new Set(acts.flatMap((a) => [a[0], a[2], a[4]]));

  it("spans the whole book, returns sentences in order with exact offsets, and prefers the story to chatter", async () => {
    const picks = await keySentences(embedder, book, { k: 4, minChars: 20, background });
    console.info(picks.map((p) => `${p.score.toFixed(2)} ${p.text}`).join("\n"));
    expect(picks).toHaveLength(4);
    for (const p of picks) expect(book.slice(p.start, p.end)).toBe(p.text);
    const actStarts = acts.map((a) => book.indexOf(a[0]!));
    const actOf = (start: number) => actStarts.findLastIndex((s) => s <= start);
    expect(picks.map((p) => actOf(p.start))).toEqual([0, 1, 2, 3]);
    // Measured: 4 of 4 with the background; 2-3 without it or with lambda 0.5-0.7.
    expect(picks.filter((p) => story.has(p.text)).length).toBeGreaterThanOrEqual(3);
  });

  it("embeds at most maxSentences, spread over the book", async () => {
    const long = Array.from({ length: 200 }, (_, i) => `Sentence ${i} tells part ${i} of a very long story about a ship.`).join(" ");
    const picks = await keySentences(embedder, long, { k: 3, maxSentences: 12, minChars: 20 });
    expect(picks).toHaveLength(3);
    expect(picks[0]!.start).toBeLessThan(long.length / 3);
    expect(picks[2]!.start).toBeGreaterThan((2 * long.length) / 3);
  });
});
