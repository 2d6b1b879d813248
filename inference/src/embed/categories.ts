/** Embeds the taxonomy and a book's transcript and ranks the categories (classify.ts does the arithmetic). */
import { BACKGROUND_TEXTS } from "./background.js";
import {
  bookWindows,
  chooseCategories,
  rankCategories,
  type CategoryChoice,
  type CategoryProfile,
  type Centroid,
  type ChoiceOptions,
  type RankedCategory,
  type WindowOptions,
} from "./classify.js";
import type { Embedder } from "./engine.js";
import { EXEMPLARS } from "./exemplars.js";
import { mean, normalize } from "./vectors.js";

export interface TaxonomyEntry {
  slug: string;
  name: string;
  /** The category's description (migration 0008); categories without one are embedded by name. */
  description?: string | null;
}

/** What is embedded for a category. */
export function profileText(category: TaxonomyEntry): string {
  return category.description ? `${category.name}. ${category.description}` : category.name;
}

/**
 * The e5 prefix of each side: categories are "query" (short texts looking for books), book windows
 * "passage", as the model was trained for retrieval; the dev set agreed (0.47 top-1 against 0.39-0.45
 * for the other three pairings).
 */
const CATEGORY_KIND = "query";
const BOOK_KIND = "passage";

/** Everything the ranking needs that does not depend on the book: build once, reuse for every book. */
export interface CategoryIndex {
  categories: CategoryProfile[];
  /** The mean vector of ordinary books, subtracted before every cosine (classify.ts). */
  background: Float32Array;
}

export interface IndexSources {
  /**
   * Per slug, the embedded built-in exemplars (embedExemplars: embed them once per process, they
   * do not change); without it the taxonomy's are embedded here. An empty map ranks by descriptions alone.
   */
  exemplars?: ReadonlyMap<string, Centroid>;
  /** Per slug, the mean bookVector of books an admin filed under it, and how many. */
  examples?: ReadonlyMap<string, Centroid>;
  /**
   * The mean bookVector of the store's own books; without it (fewer than ~10 books) the mean of
   * BACKGROUND_TEXTS is used.
   */
  background?: Float32Array;
}

export async function buildCategoryIndex(embedder: Embedder, taxonomy: readonly TaxonomyEntry[], sources: IndexSources = {}): Promise<CategoryIndex> {
  if (taxonomy.length === 0) throw new Error("the taxonomy is empty: pass at least one category");
  const vectors = await embedder.embed(taxonomy.map(profileText), CATEGORY_KIND);
  const exemplars = sources.exemplars ?? (await embedExemplars(embedder, Object.fromEntries(taxonomy.map((c) => [c.slug, EXEMPLARS[c.slug] ?? []]))));
  const categories = taxonomy.map((c, i) => ({
    slug: c.slug,
    name: c.name,
    description: c.description ?? "",
    vector: vectors[i]!,
    exemplars: exemplars.get(c.slug),
    examples: sources.examples?.get(c.slug),
  }));
  const background = sources.background ?? mean(await embedder.embed(BACKGROUND_TEXTS, BOOK_KIND));
  return { categories, background };
}

/**
 * Per slug, the mean vector of its exemplars, embedded as "passage" like the books they stand for
 * (as "query" they did worse: 0.74 top-1 against 0.77 on the eval passages, exemplars alone). The
 * 264 texts take over a minute on one thread of the busy 2-core dev box: once per process, or read
 * back from the cache file (analyse.ts).
 */
export async function embedExemplars(embedder: Embedder, exemplars: Readonly<Record<string, readonly string[]>> = EXEMPLARS): Promise<Map<string, Centroid>> {
  const entries = Object.entries(exemplars).filter(([, texts]) => texts.length > 0);
  const vectors = await embedder.embed(entries.flatMap(([, texts]) => texts), BOOK_KIND);
  let next = 0;
  return new Map(entries.map(([slug, texts]) => [slug, { centroid: normalize(mean(vectors.slice(next, (next += texts.length)))), count: texts.length }]));
}

/** The book's window vectors (bookWindows); empty for a transcript without words. */
export async function embedBook(embedder: Embedder, transcript: string, options?: WindowOptions): Promise<Float32Array[]> {
  const windows = bookWindows(transcript, options);
  return windows.length === 0 ? [] : embedder.embed(windows, BOOK_KIND);
}

export interface Classification {
  ranked: RankedCategory[];
  choice: CategoryChoice;
  /** The book's window vectors: keep their mean (bookVector) to use the book as an example later. */
  windows: Float32Array[];
}

export async function classifyBook(
  embedder: Embedder,
  transcript: string,
  index: CategoryIndex,
  options: { windows?: WindowOptions; descriptionWeight?: number; choice?: ChoiceOptions } = {},
): Promise<Classification> {
  const windows = await embedBook(embedder, transcript, options.windows);
  if (windows.length === 0) throw new Error("the transcript has no words to classify");
  const ranked = rankCategories(windows, index.categories, { center: index.background, descriptionWeight: options.descriptionWeight });
  return { ranked, choice: chooseCategories(ranked, options.choice), windows };
}
