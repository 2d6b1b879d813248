/**
 * How well a title fits its own chapter rather than the chapters beside it, in the multilingual
 * embedding space: the title is embedded as an e5 "query", each chapter as a "passage" (what a
 * query looks for), ordinary prose (the background) is taken out of both, and the fit is their
 * cosine. Without the background every title sits at 0.75–0.9 of every chapter and the gaps that
 * matter are a hundredth wide; with it they are tenths (eval/title-fit.ts). Chapters are embedded
 * once per request, titles once per draw. The thresholds are a title check (text/title-checks.ts).
 */
import type { Embedder } from "./engine.js";
import { dot, normalize, subtract } from "./vectors.js";

/**
 * What of a chapter is embedded: this many characters, taken in even slices across it, so that a
 * long chapter costs a few 512-token windows and its end counts as much as its opening.
 */
export const FIT_CHARS = 3_000;
const SLICES = 6;

export interface TitleFit {
  /** Cosine of the title with its own chapter. */
  own: number;
  /** Cosine with each neighbour given (the previous and next chapters), in order. */
  neighbours: number[];
}

export interface ChapterVectors {
  own: Float32Array;
  neighbours: Float32Array[];
}

/** `text` cut to at most `maxChars`: whole when it fits, else `SLICES` even slices cut at spaces. */
export function spread(text: string, maxChars = FIT_CHARS): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= maxChars) return clean;
  const size = Math.floor(maxChars / SLICES);
  const step = (clean.length - size) / (SLICES - 1);
  const parts: string[] = [];
  for (let i = 0; i < SLICES; i++) {
    const from = Math.round(i * step);
    let slice = clean.slice(from, from + size);
    // Whole words only: drop a cut word at either end.
    if (from > 0 && clean[from - 1] !== " ") slice = slice.replace(/^\S*\s?/, "");
    if (from + size < clean.length && clean[from + size] !== " ") slice = slice.replace(/\s?\S*$/, "");
    if (slice) parts.push(slice);
  }
  return parts.join(" … ");
}

/**
 * The chapter and its neighbours, embedded once for every draw of its title, with `background`
 * (the mean "passage" vector of ordinary prose, embed/background.ts) taken out. Empty neighbours are left out.
 */
export async function embedChapters(embedder: Embedder, own: string, neighbours: readonly string[], background: Float32Array): Promise<ChapterVectors> {
  const others = neighbours.map((t) => spread(t)).filter(Boolean);
  const [mine, ...theirs] = (await embedder.embed([spread(own), ...others], "passage")).map((v) => normalize(subtract(v, background)));
  return { own: mine!, neighbours: theirs };
}

export async function titleFit(embedder: Embedder, title: string, chapters: ChapterVectors, background: Float32Array): Promise<TitleFit> {
  const [raw] = await embedder.embed([title], "query");
  const vector = normalize(subtract(raw!, background));
  return { own: dot(vector, chapters.own), neighbours: chapters.neighbours.map((n) => dot(vector, n)) };
}
