/**
 * The parts of category ranking that need no model: a book's windows, the shapes the ranking works
 * on, and how many of the ranked categories to file a book under. categories.ts embeds the texts and
 * ranks them with the discriminant (discriminant.ts).
 *
 * What each step is for (inference/README.md, "Categories from embeddings"; the first steps were
 * measured on the eval passages, the later choices by leave-one-out on the built-in exemplars,
 * eval/categories.ts cv):
 * - e5's vectors share one large common direction (any two texts score 0.7-0.8), and narrative
 *   prose leans toward a few categories (Biography, Romance); subtracting the mean of ordinary book
 *   vectors (the background) from every vector took English top-1 from 0.34 to 0.45;
 * - a book is several windows spread over the whole transcript, and its vector the mean of its
 *   windows', so the opening chapter does not decide alone; the best window or the best half of
 *   them did worse on books made of held-out exemplars;
 * - each category learns from its description, its built-in exemplars (exemplars.ts) and the books
 *   an admin filed under it. Until 2026-12-08 the ranking was the cosine to each category's weighted
 *   mean (the description worth 3 exemplars); a linear discriminant, which also learns how each
 *   category's texts spread, ranked better in leave-one-out (top-1 0.75 → 0.78, top-3 0.91 → 0.95).
 *   Nearest-exemplar voting (kNN), alone or mixed with the mean, was no better.
 */
import { words } from "../text/segment.js";
import { mean, normalize } from "./vectors.js";

export interface CategoryProfile {
  slug: string;
  name: string;
  description: string;
  /** The embedded name + description (categories.ts profileText). */
  vector: Float32Array;
  /** The built-in exemplars (categories.ts embedExemplars): their mean, how many, and each vector when known. */
  exemplars?: ExemplarSet;
  /** The mean book vector (bookVector) of the books filed under this category, and how many. */
  examples?: Centroid;
}

export interface Centroid {
  centroid: Float32Array;
  count: number;
}

/** A category's built-in exemplars embedded: their mean and count, and each vector when known. */
export type ExemplarSet = Centroid & { vectors?: Float32Array[] };

export interface RankedCategory {
  slug: string;
  score: number;
}

/** One vector for a whole book (the mean of its windows), e.g. to keep as an example of its categories. */
export function bookVector(windowVectors: readonly Float32Array[]): Float32Array {
  return normalize(mean(windowVectors));
}

export interface CategoryChoice {
  slugs: string[];
  /** The first category's probability minus the second's: how clearly the best category won. */
  margin: number;
  /** Below minMargin: a person should look at the categories before the book is published. */
  lowConfidence: boolean;
}

export interface ChoiceOptions {
  /** At most this many categories (1-3 in the store). */
  max?: number;
  /**
   * Further categories are kept from this probability up: in leave-one-out on the exemplars (the
   * same method in scikit-learn), a second category this likely was the right one 0.44 of the time,
   * one from 0.1 to 0.3 0.27.
   */
  alsoFrom?: number;
  /**
   * Below this margin the first category is right less than half the time (leave-one-out on the
   * exemplars, eval/categories.ts cv: 0.29 below 0.1, 0.24 from 0.1 to 0.2, 0.57 from 0.2 to 0.3,
   * 0.94 or more above 0.6; 59 of 396 held out fall under 0.2, and 43 of the 85 wrong firsts).
   */
  minMargin?: number;
}

/** How many of the ranked categories (scores are probabilities: categories.ts rankBook) to assign, and whether to trust the first. */
export const DEFAULT_MIN_MARGIN = 0.2;
export function chooseCategories(ranked: readonly RankedCategory[], { max = 3, alsoFrom = 0.3, minMargin = DEFAULT_MIN_MARGIN }: ChoiceOptions = {}): CategoryChoice {
  if (ranked.length === 0) throw new Error("chooseCategories needs at least one ranked category");
  const margin = ranked.length > 1 ? ranked[0]!.score - ranked[1]!.score : Infinity;
  const slugs = ranked.filter((r, i) => i === 0 || (i < max && r.score >= alsoFrom)).map((r) => r.slug);
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
