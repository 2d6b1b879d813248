import { describe, expect, it } from "vitest";
import { exemplarCacheFile } from "./analyse.js";
import { EXEMPLARS } from "./exemplars.js";

describe("the exemplar vector cache's file name", () => {
  const model = "multilingual-e5-small q4";
  const name = (exemplars: Record<string, readonly string[]>, m = model) => exemplarCacheFile("/cache", m, exemplars);
  const edited = (change: (copy: Record<string, string[]>) => void) => {
    const copy = Object.fromEntries(Object.entries(EXEMPLARS).map(([slug, texts]) => [slug, [...texts]]));
    change(copy);
    return copy;
  };

  it("stays the same for the same model and exemplars", () => {
    expect(name(EXEMPLARS)).toBe(name(edited(() => {})));
    expect(name(EXEMPLARS)).toMatch(/^\/cache\/exemplars-[0-9a-f]{16}\.json$/);
  });

  it.each([
    ["an exemplar's text is edited", edited((c) => (c.fiction![0] = `${c.fiction![0]} `))],
    ["an exemplar is added", edited((c) => c.comedy!.push("A new one."))],
    ["an exemplar is removed", edited((c) => c.horror!.pop())],
    ["an exemplar moves to another category", edited((c) => c.romance!.push(c.fiction!.pop()!))],
  ])("changes when %s, so stale vectors are never read back", (_, changed) => {
    expect(name(changed)).not.toBe(name(EXEMPLARS));
  });

  it("changes with the model", () => {
    expect(name(EXEMPLARS, "another-model")).not.toBe(name(EXEMPLARS));
  });
});
