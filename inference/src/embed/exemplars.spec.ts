import { describe, expect, it } from "vitest";
import { words } from "../text/segment.js";
import { EXEMPLARS } from "./exemplars.js";
import { storeTaxonomy } from "./test-taxonomy.js";

const THAI = /[\u0E00-\u0E7F]/;
const slugs = storeTaxonomy().map((c) => c.slug);

describe("built-in exemplars", () => {
  it("cover exactly the store's taxonomy", () => {
    expect(Object.keys(EXEMPLARS).sort()).toEqual([...slugs].sort());
  });

  it.each(slugs)("%s has 10-20 short passages, English and Thai, none repeated", (slug) => {
    const list = EXEMPLARS[slug]!;
    expect(list.length).toBeGreaterThanOrEqual(10);
    expect(list.length).toBeLessThanOrEqual(20);
    expect(list.filter((t) => THAI.test(t)).length).toBeGreaterThanOrEqual(3);
    expect(list.filter((t) => !THAI.test(t)).length).toBeGreaterThanOrEqual(6);
    expect(new Set(list).size).toBe(list.length);
    for (const text of list.filter((t) => !THAI.test(t))) {
      const count = words(text).length;
      expect(count, text).toBeGreaterThanOrEqual(30);
      expect(count, text).toBeLessThanOrEqual(80);
    }
  });
});
