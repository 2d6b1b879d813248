/** Embeds the taxonomy and a book's transcript and ranks the categories (classify.ts does the arithmetic). */
import { BACKGROUND_TEXTS } from "./background.js";
import {
  bookWindows,
  chooseCategories,
  type CategoryChoice,
  type CategoryProfile,
  type Centroid,
  type ExemplarSet,
  type ChoiceOptions,
  type RankedCategory,
  type WindowOptions,
} from "./classify.js";
import { discriminantScores, fitDiscriminant, posteriors, type Discriminant } from "./discriminant.js";
import type { Embedder } from "./engine.js";
import { EXEMPLARS } from "./exemplars.js";
import { mean, normalize, subtract } from "./vectors.js";

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
  /** The mean vector of ordinary books, subtracted from every vector before it is compared (classify.ts). */
  background: Float32Array;
  /** The classifier fitted to the categories' texts and filed books (discriminant.ts), in `categories` order. */
  discriminant: Discriminant;
}

export interface IndexSources {
  /**
   * Per slug, the embedded built-in exemplars (embedExemplars: embed them once per process, they
   * do not change); without it the taxonomy's are embedded here. An empty map ranks by descriptions alone.
   */
  exemplars?: ReadonlyMap<string, ExemplarSet>;
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
  return { categories, background, discriminant: discriminantOf(categories, background) };
}

/**
 * The classifier for these categories: each learns from its description and exemplars, one text
 * each, and from its filed books by their mean, weighted by their number (with many, they outweigh
 * the built-in texts). Exemplars known only by their mean count by it the same way.
 */
export function discriminantOf(categories: readonly CategoryProfile[], background: Float32Array): Discriminant {
  const centred = centredOn(background);
  return fitDiscriminant(
    categories.map((c) => {
      const set = c.exemplars;
      const samples = [c.vector, ...(set?.vectors ?? [])].map(centred);
      const means = [...(set && !set.vectors ? [set] : []), ...(c.examples ? [c.examples] : [])].map((m) => ({ vector: centred(m.centroid), count: m.count }));
      return { samples, means };
    }),
  );
}

/** Subtracts the background, then normalises: how every vector is compared (as classify.ts's cosine). */
function centredOn(background: Float32Array) {
  return (v: Float32Array) => normalize(subtract(v, background));
}

/** A category's exemplars from their vectors: the mean the index keeps, how many, and each one. */
export function exemplarSetOf(vectors: Float32Array[]): ExemplarSet & { vectors: Float32Array[] } {
  return { centroid: normalize(mean(vectors)), count: vectors.length, vectors };
}

/**
 * Per slug, the mean vector of its exemplars, embedded as "passage" like the books they stand for
 * (as "query" they did worse: 0.74 top-1 against 0.77 on the eval passages, exemplars alone). The
 * 264 texts take over a minute on one thread of the busy 2-core dev box: once per process, or read
 * back from the cache file (analyse.ts).
 */
export async function embedExemplars(embedder: Embedder, exemplars: Readonly<Record<string, readonly string[]>> = EXEMPLARS): Promise<Map<string, ExemplarSet & { vectors: Float32Array[] }>> {
  const entries = Object.entries(exemplars).filter(([, texts]) => texts.length > 0);
  const vectors = await embedder.embed(entries.flatMap(([, texts]) => texts), BOOK_KIND);
  let next = 0;
  return new Map(entries.map(([slug, texts]) => [slug, exemplarSetOf(vectors.slice(next, (next += texts.length)))]));
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
  options: { windows?: WindowOptions; choice?: ChoiceOptions } = {},
): Promise<Classification> {
  const windows = await embedBook(embedder, transcript, options.windows);
  if (windows.length === 0) throw new Error("the transcript has no words to classify");
  const ranked = rankBook(windows, index);
  return { ranked, choice: chooseCategories(ranked, options.choice), windows };
}

/**
 * The categories for a book's windows, likeliest first, each with its probability (discriminant.ts):
 * the book is the mean of its centred windows, so every part of it counts alike.
 */
export function rankBook(windows: readonly Float32Array[], index: CategoryIndex): RankedCategory[] {
  if (windows.length === 0) throw new Error("rankBook needs at least one window");
  const centred = centredOn(index.background);
  const book = normalize(mean(windows.map(centred)));
  const p = posteriors(discriminantScores(index.discriminant, book));
  return index.categories.map((c, i) => ({ slug: c.slug, score: p[i]! })).sort((a, b) => b.score - a.score);
}
