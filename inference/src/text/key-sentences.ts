/**
 * The K sentences that best stand for a whole transcript, in the order they are spoken: for the
 * summariser's prompt and for store copy. Representative = close to the book's own direction
 * (the mean of its sentences minus ordinary prose), not a near-copy of a sentence already picked
 * (maximal marginal relevance), and spread over the book: the transcript is cut into K parts and
 * each part gives one sentence, so the opening cannot take every place.
 */
import type { Embedder } from "../embed/engine.js";
import { dot, mean, normalize, subtract } from "../embed/vectors.js";
import { sentences, words, type Sentence, type SentenceOptions } from "./segment.js";

export interface KeySentence extends Sentence {
  /** Cosine with the book's direction. */
  score: number;
}

export interface KeySentenceOptions extends SentenceOptions {
  k: number;
  /**
   * At most this many sentences are embedded, taken evenly over the book: a 10-hour book has
   * ~8,000 sentences, and each costs ~60 ms on one core (README).
   */
  maxSentences?: number;
  /** Shorter sentences ("Yes, he said.") are left out: too little to stand for anything. */
  minWords?: number;
  /** The mean vector of ordinary prose (CategoryIndex.background, also "passage" vectors); without it, the raw mean. */
  background?: Float32Array;
  /**
   * Relevance against novelty in MMR (1 ignores redundancy). High, because the parts already spread
   * the picks: novelty only has to keep out near-repeats (a refrain, "Chapter one"), and a lower
   * value preferred chatter to sentences that carry the story's thread (test book in the spec).
   */
  lambda?: number;
}

export async function keySentences(embedder: Embedder, transcript: string, options: KeySentenceOptions): Promise<KeySentence[]> {
  const { k, maxSentences = 256, minWords = 5 } = options;
  const all = sentences(transcript, options).filter((s) => words(s.text).length >= minWords);
  const candidates = evenly(all, maxSentences);
  if (candidates.length === 0 || k <= 0) return [];
  const vectors = await embedder.embed(candidates.map((s) => s.text), "passage");
  return selectKeySentences(vectors, { k, background: options.background, lambda: options.lambda }).map((pick) => ({ ...candidates[pick.index]!, score: pick.score }));
}

/**
 * Picks k of the vectors (given in transcript order): one from each of k equal parts, greedily by
 * maximal marginal relevance. Returns their indices in order, with their relevance.
 */
export function selectKeySentences(
  vectors: readonly Float32Array[],
  { k, background, lambda = 0.85 }: { k: number; background?: Float32Array; lambda?: number },
): { index: number; score: number }[] {
  const n = vectors.length;
  if (n === 0 || k <= 0) return [];
  const centred = background ? vectors.map((v) => normalize(subtract(v, background))) : vectors.map(normalize);
  const direction = normalize(mean(centred));
  const relevance = centred.map((v) => dot(v, direction));
  const parts = Math.min(k, n);
  const partOf = (i: number) => Math.floor((i * parts) / n);
  const usedParts = new Set<number>();
  const picked: number[] = [];
  while (picked.length < parts) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < n; i++) {
      if (usedParts.has(partOf(i))) continue;
      const redundancy = picked.reduce((max, j) => Math.max(max, dot(centred[i]!, centred[j]!)), 0);
      const score = lambda * relevance[i]! - (1 - lambda) * redundancy;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    picked.push(best);
    usedParts.add(partOf(best));
  }
  return picked.sort((a, b) => a - b).map((index) => ({ index, score: relevance[index]! }));
}

/** At most `max` items, spread evenly from the first to the last. */
function evenly<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  if (max <= 1) return items.slice(0, max);
  return Array.from({ length: max }, (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))]!);
}
