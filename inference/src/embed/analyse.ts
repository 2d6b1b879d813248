/**
 * What the summarize step asks of the embedding model for one book: its categories ranked against
 * the store's taxonomy (descriptions and labelled examples), the few categories to file it under, its
 * key sentences across the whole transcript, and its vector (kept by the app as a future example).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Analysis, TaxonomyEntry } from "../llm/summarize.js";
import { keySentences } from "../text/key-sentences.js";
import { buildCategoryIndex, classifyBook, embedExemplars, exemplarSetOf, type CategoryIndex } from "./categories.js";
import { bookVector } from "./classify.js";
import type { Embedder } from "./engine.js";
import { EXEMPLARS } from "./exemplars.js";
import { BACKGROUND_TEXTS } from "./background.js";
import { embedChapters, titleFit, type TitleFit } from "./title-fit.js";
import { dot, mean, normalize, subtract } from "./vectors.js";

export interface Analyser {
  analyse(input: { transcript: string; language: string; taxonomy: readonly TaxonomyEntry[]; keySentences: number }): Promise<Analysis>;
  /**
   * How much a description is about this book: the cosine of the two vectors once ordinary prose (the
   * background) is taken out. Honest drafts of the dev passages scored 0.35–0.61; generic store babble
   * ("a product designed to help you make informed decisions") 0.27.
   */
  relevance(description: string, analysis: Analysis): Promise<number>;
  /** The k sentences that best stand for a text (a chapter), in order: what its title is drawn from. */
  keySentences(text: string, k: number): Promise<string[]>;
  /**
   * Embeds a chapter and the chapters beside it once; the function it gives scores a title against
   * them (embed/title-fit.ts), once per draw.
   */
  chapterFit(chapter: string, neighbours: readonly string[]): Promise<(title: string) => Promise<TitleFit>>;
  /** Embeds (or reads back) the built-in exemplars now, so the first book does not wait for them. */
  warm(): Promise<void>;
}

/** The embedding model's name without run-time details: examples made by another model are not mixed in. */
export function modelId(embedder: Embedder): string {
  return embedder.description.split(" (")[0]!;
}

/**
 * One per process: the embedded taxonomy is kept while the taxonomy (names, descriptions, examples)
 * stays the same, and the built-in exemplars (a minute or more) are embedded once, however often it changes.
 */
export function createAnalyser(embedder: Embedder, options: { cacheDir?: string } = {}): Analyser {
  const model = modelId(embedder);
  let cached: { key: string; index: Promise<CategoryIndex> } | null = null;
  let exemplars: ReturnType<typeof embedExemplars> | null = null;
  const exemplarsOnce = () => {
    if (!exemplars) {
      exemplars = options.cacheDir ? storedExemplars(embedder, model, options.cacheDir) : embedExemplars(embedder);
      exemplars.catch(() => (exemplars = null));
    }
    return exemplars;
  };
  let background: Float32Array | null = null;
  // Ordinary prose, embedded once when no taxonomy was indexed yet (the index's is the same mean).
  const proseBackground = async () => (background ??= mean(await embedder.embed(BACKGROUND_TEXTS, "passage")));

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
        uncertain: choice.lowConfidence,
        keySentences: key.map((s) => s.text),
        bookVector: Array.from(bookVector(windows), (v) => Math.round(v * 1e6) / 1e6),
        model,
      };
    },
    async keySentences(text, k) {
      // Ordinary prose taken out, as for a book. A chapter is short: a few dozen sentences say what it is about.
      return (await keySentences(embedder, text, { k, maxSentences: 64, background: await proseBackground() })).map((s) => s.text);
    },
    async chapterFit(chapter, neighbours) {
      const centre = await proseBackground();
      const vectors = await embedChapters(embedder, chapter, neighbours, centre);
      return (title) => titleFit(embedder, title, vectors, centre);
    },
    async warm() {
      await exemplarsOnce();
    },
    async relevance(description, analysis) {
      if (!description.trim() || analysis.bookVector.length !== embedder.dim) return 0;
      const [vector] = await embedder.embed([description], "passage");
      const centre = (v: Float32Array) => (background ? normalize(subtract(v, background)) : normalize(v));
      return dot(centre(vector!), centre(Float32Array.from(analysis.bookVector)));
    },
  };
}

/**
 * Where the exemplars' vectors are kept: named by the model, every exemplar's text, category and order,
 * and the file's layout (each vector since the classifier learns their spread, not only their mean).
 */
export function exemplarCacheFile(dir: string, model: string, exemplars: Readonly<Record<string, readonly string[]>>): string {
  return join(dir, `exemplars-${createHash("sha256").update(JSON.stringify([model, exemplars, CACHE_LAYOUT])).digest("hex").slice(0, 16)}.json`);
}
const CACHE_LAYOUT = "vectors-2";

/**
 * The built-in exemplars' vectors, kept in a file named by the model and the exemplars' text (so
 * editing, adding or removing an exemplar makes a new file): 396 texts take 36 s to embed on an idle
 * 2-core machine and more on a busy one, reading them back takes milliseconds; `make models` writes
 * the file (scripts/warm-exemplars.ts), so a fresh sidecar only reads it. A file that
 * cannot be read is recomputed; one that cannot be written (a read-only models volume) is skipped.
 */
async function storedExemplars(embedder: Embedder, model: string, dir: string): ReturnType<typeof embedExemplars> {
  const file = exemplarCacheFile(dir, model, EXEMPLARS);
  try {
    const stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, number[][]>;
    return new Map(Object.entries(stored).map(([slug, rows]) => [slug, exemplarSetOf(rows.map((r) => Float32Array.from(r)))]));
  } catch {
    const computed = await embedExemplars(embedder);
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries([...computed].map(([slug, c]) => [slug, c.vectors.map((v) => Array.from(v))]))));
      renameSync(`${file}.tmp`, file);
    } catch {
      // A read-only cache directory: recompute next time.
    }
    return computed;
  }
}
