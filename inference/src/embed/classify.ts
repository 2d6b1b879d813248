/**
 * Ranks a book's taxonomy categories by embedding similarity: pure functions over vectors, so
 * they are tested without a model (categories.ts embeds the texts).
 *
 * What each step is for (inference/README.md, "Categories from embeddings"; the first steps were
 * measured on the eval passages, the later choices by leave-one-out on the built-in exemplars,
 * eval/categories.ts cv):
 * - e5's vectors share one large common direction (any two texts score 0.7-0.8), and narrative
 *   prose leans toward a few categories (Biography, Romance); subtracting the mean of ordinary book
 *   vectors (the background) from both sides before the cosine took English top-1 from 0.34 to 0.45;
 * - a book is several windows spread over the whole transcript and scores the mean of its
 *   windows' cosines (the same ranking as the cosine of the mean window: the cosine is linear once
 *   each window is normalised), so the opening chapter does not decide alone; the best window or
 *   the best half of them did worse on books made of held-out exemplars;
 * - a category's prototype is the weighted mean of its description, its built-in exemplars
 *   (exemplars.ts) and the books an admin filed under it: the description weighs 3, every exemplar
 *   and every filed book 1 each, so the store's own books take over as they accumulate. Nearest-
 *   exemplar voting (kNN), alone or mixed with the prototype, was no better in cross-validation.
 */
import { words } from "../text/segment.js";
import { dot, mean, normalize, subtract } from "./vectors.js";

export interface CategoryProfile {
  slug: string;
  name: string;
  description: string;
  /** The embedded name + description (categories.ts profileText). */
  vector: Float32Array;
  /** The mean of the built-in exemplars' vectors (categories.ts embedExemplars), and how many. */
  exemplars?: Centroid;
  /** The mean book vector (bookVector) of the books filed under this category, and how many. */
  examples?: Centroid;
}

export interface Centroid {
  centroid: Float32Array;
  count: number;
}

export interface RankedCategory {
  slug: string;
  score: number;
}

export interface RankOptions {
  /**
   * What to subtract from both sides before the cosine: the mean vector of ordinary books (the
   * background: categories.ts), the mean of the category prototypes, or nothing.
   */
  center?: Float32Array | "categories" | "none";
  /** How many exemplars or example books the description is worth. */
  descriptionWeight?: number;
}

/**
 * Chosen by leave-one-out on the built-in exemplars (eval/categories.ts cv, README): 0.5 to 4 rank
 * single exemplars alike (top-1 0.71-0.72), and books of several windows better from 2 up (0.79-0.81
 * against 0.76 at 1); 3 is the middle of that plateau.
 */
export const DEFAULT_DESCRIPTION_WEIGHT = 3;

/** A category's prototype: its description vector pulled toward its exemplars and example books, one weight per text or book. */
export function prototypeOf(category: CategoryProfile, descriptionWeight = DEFAULT_DESCRIPTION_WEIGHT): Float32Array {
  const parts = [category.exemplars, category.examples].filter((p): p is Centroid => p !== undefined && p.count > 0);
  return normalize(mean([category.vector, ...parts.map((p) => p.centroid)].map(normalize), [descriptionWeight, ...parts.map((p) => p.count)]));
}

/** Categories by score (the mean centred cosine over the book's windows), best first. */
export function rankCategories(bookVectors: readonly Float32Array[], categories: readonly CategoryProfile[], options: RankOptions = {}): RankedCategory[] {
  if (bookVectors.length === 0) throw new Error("rankCategories needs at least one book vector");
  const prototypes = categories.map((c) => prototypeOf(c, options.descriptionWeight));
  const center = options.center ?? "categories";
  const origin = center === "none" ? null : center === "categories" ? mean(prototypes) : center;
  const centred = (v: Float32Array) => (origin ? normalize(subtract(v, origin)) : normalize(v));
  const book = mean(bookVectors.map(centred));
  return categories.map((c, i) => ({ slug: c.slug, score: dot(book, centred(prototypes[i]!)) })).sort((a, b) => b.score - a.score);
}

/** One vector for a whole book (the mean of its windows), e.g. to keep as an example of its categories. */
export function bookVector(windowVectors: readonly Float32Array[]): Float32Array {
  return normalize(mean(windowVectors));
}

export interface CategoryChoice {
  slugs: string[];
  /** The first score minus the second: how clearly the best category won. */
  margin: number;
  /** Below minMargin: a person should look at the categories before the book is published. */
  lowConfidence: boolean;
}

export interface ChoiceOptions {
  /** At most this many categories (1-3 in the store). */
  max?: number;
  /** Further categories are kept while their score is within this of the first's. */
  within?: number;
  /**
   * Below this margin the first category is right less than half the time (leave-one-out on the
   * exemplars, eval/categories.ts cv: 0.43 below 0.03, 0.53 from 0.03 to 0.04, 0.75 or more above).
   */
  minMargin?: number;
}

/** How many of the ranked categories to assign, and whether to trust the first. */
export function chooseCategories(ranked: readonly RankedCategory[], { max = 3, within = 0.02, minMargin = 0.03 }: ChoiceOptions = {}): CategoryChoice {
  if (ranked.length === 0) throw new Error("chooseCategories needs at least one ranked category");
  const best = ranked[0]!.score;
  const margin = ranked.length > 1 ? best - ranked[1]!.score : Infinity;
  const slugs = ranked.filter((r, i) => i === 0 || (i < max && best - r.score <= within)).map((r) => r.slug);
  return { slugs, margin, lowConfidence: margin < minMargin };
}

export interface WindowOptions {
  maxWindows?: number;
  wordsPerWindow?: number;
}

/**
 * Up to maxWindows runs of wordsPerWindow words, spread evenly from the first word to the last
 * (contiguous when the text is short enough to be read whole). Words as ICU finds them, so Thai works.
 */
export function bookWindows(text: string, { maxWindows = 16, wordsPerWindow = 150 }: WindowOptions = {}): string[] {
  const spans = words(text);
  if (spans.length === 0) return [];
  const count = Math.min(maxWindows, Math.ceil(spans.length / wordsPerWindow));
  const size = Math.min(wordsPerWindow, spans.length);
  const windows: string[] = [];
  for (let i = 0; i < count; i++) {
    const first = count === 1 ? 0 : Math.round((i * (spans.length - size)) / (count - 1));
    windows.push(text.slice(spans[first]!.start, spans[first + size - 1]!.end));
  }
  return windows;
}
