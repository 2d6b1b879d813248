/**
 * What the summarize step asks of the embedding model for one book: its categories ranked against
 * the store's taxonomy (descriptions and labelled examples), the few categories to file it under, its
 * key sentences across the whole transcript, and its vector (kept by the app as a future example).
 */
import type { Analysis, TaxonomyEntry } from "../llm/summarize.js";
import { keySentences } from "../text/key-sentences.js";
import { buildCategoryIndex, classifyBook, embedExemplars, type CategoryIndex } from "./categories.js";
import { bookVector } from "./classify.js";
import type { Embedder } from "./engine.js";
import { dot, normalize, subtract } from "./vectors.js";

export interface Analyser {
  analyse(input: { transcript: string; language: string; taxonomy: readonly TaxonomyEntry[]; keySentences: number }): Promise<Analysis>;
  /**
   * How much a description is about this book: the cosine of the two vectors once ordinary prose (the
   * background) is taken out. Honest drafts of the dev passages scored 0.35–0.61; generic store babble
   * ("a product designed to help you make informed decisions") 0.27.
   */
  relevance(description: string, analysis: Analysis): Promise<number>;
}

/** The embedding model's name without run-time details: examples made by another model are not mixed in. */
export function modelId(embedder: Embedder): string {
  return embedder.description.split(" (")[0]!;
}

/**
 * One per process: the embedded taxonomy is kept while the taxonomy (names, descriptions, examples)
 * stays the same, and the built-in exemplars (~40 s) are embedded once, however often it changes.
 */
export function createAnalyser(embedder: Embedder): Analyser {
  const model = modelId(embedder);
  let cached: { key: string; index: Promise<CategoryIndex> } | null = null;
  let exemplars: ReturnType<typeof embedExemplars> | null = null;
  const exemplarsOnce = () => {
    if (!exemplars) {
      exemplars = embedExemplars(embedder);
      exemplars.catch(() => (exemplars = null));
    }
    return exemplars;
  };
  let background: Float32Array | null = null;

  const indexFor = (taxonomy: readonly TaxonomyEntry[]) => {
    const key = JSON.stringify(taxonomy);
    if (cached?.key !== key) {
      const examples = new Map(
        taxonomy.flatMap((t) => (t.examples && t.examples.model === model && t.examples.centroid.length === embedder.dim ? [[t.slug, { centroid: Float32Array.from(t.examples.centroid), count: t.examples.count }] as const] : [])),
      );
      const index = exemplarsOnce().then((builtIn) => buildCategoryIndex(embedder, taxonomy, { examples, exemplars: builtIn }));
      index.catch(() => (cached = null));
      cached = { key, index };
    }
    return cached.index;
  };

  return {
    async analyse({ transcript, taxonomy, keySentences: count }) {
      const index = await indexFor(taxonomy);
      background = index.background;
      const { ranked, choice, windows } = await classifyBook(embedder, transcript, index);
      const key = await keySentences(embedder, transcript, { k: count, background: index.background });
      return {
        ranking: ranked.map((r) => ({ slug: r.slug, score: Math.round(r.score * 10_000) / 10_000 })),
        chosen: choice.slugs,
        keySentences: key.map((s) => s.text),
        bookVector: Array.from(bookVector(windows), (v) => Math.round(v * 1e6) / 1e6),
        model,
      };
    },
    async relevance(description, analysis) {
      if (!description.trim() || analysis.bookVector.length !== embedder.dim) return 0;
      const [vector] = await embedder.embed([description], "passage");
      const centre = (v: Float32Array) => (background ? normalize(subtract(v, background)) : normalize(v));
      return dot(centre(vector!), centre(Float32Array.from(analysis.bookVector)));
    },
  };
}
