import { describe, expect, it } from "vitest";
import { sentences } from "../text/segment.js";
import { storeTaxonomy } from "./test-taxonomy.js";

describe("the store taxonomy in migrations 0002 and 0008", () => {
  const taxonomy = storeTaxonomy("sqlite");

  it("has a description for each of the 22 categories", () => {
    expect(taxonomy).toHaveLength(22);
    for (const c of taxonomy) expect(c.description, c.slug).toBeTruthy();
  });

  it("says the same in both dialects", () => {
    expect(storeTaxonomy("mysql")).toEqual(taxonomy);
  });

  it.each(storeTaxonomy("sqlite").map((c) => [c.slug, c.description ?? ""]))("%s: 2-4 sentences", (_, description) => {
    expect(sentences(description, { minChars: 1 }).length).toBeGreaterThanOrEqual(2);
    expect(sentences(description, { minChars: 1 }).length).toBeLessThanOrEqual(4);
  });
});
