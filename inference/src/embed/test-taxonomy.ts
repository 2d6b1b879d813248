/**
 * The store's taxonomy for tests and dev-set measurements, read from the migrations that define
 * it (0002 seeds slugs and names, 0008 adds the descriptions): one source of truth.
 */
import { readFileSync } from "node:fs";
import type { TaxonomyEntry } from "./categories.js";

const MIGRATIONS = new URL("../../../migrations/", import.meta.url);

export function storeTaxonomy(dialect: "sqlite" | "mysql" = "sqlite"): TaxonomyEntry[] {
  const seed = readFileSync(new URL(`0002_store.${dialect}.sql`, MIGRATIONS), "utf8");
  const descriptions = readFileSync(new URL(`0008_category_descriptions.${dialect}.sql`, MIGRATIONS), "utf8");
  const byslug = new Map<string, string>();
  for (const m of descriptions.matchAll(/^UPDATE categories SET description = '((?:[^']|'')*)' WHERE slug = '([a-z-]+)';$/gm)) {
    byslug.set(m[2]!, m[1]!.replaceAll("''", "'"));
  }
  return [...seed.matchAll(/^\s*\('[0-9a-f-]+', '([a-z-]+)', '((?:[^']|'')*)', 0\)[,;]$/gm)].map((m) => ({
    slug: m[1]!,
    name: m[2]!.replaceAll("''", "'"),
    description: byslug.get(m[1]!) ?? null,
  }));
}
