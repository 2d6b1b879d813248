import { z } from "zod";
import { summarize, type Analysis } from "../llm/summarize.js";
import type { Providers } from "../providers/index.js";
import type { Ndjson } from "./ndjson.js";

const Vector = z.array(z.number().finite()).max(4096);

export const SummarizeRequest = z.object({
  transcript: z.string().min(1).max(5_000_000),
  taxonomy: z
    .array(
      z.object({
        slug: z.string().min(1).max(64),
        name: z.string().min(1).max(100),
        description: z.string().max(2000).optional(),
        /** The centroid of the books an admin filed under the category, and the embedding model that made it. */
        examples: z.object({ centroid: Vector, count: z.number().int().min(1), model: z.string().min(1).max(100) }).optional(),
      }),
    )
    .min(1)
    .max(200),
  /** The book's language ("en", "th"…); the description is written in it when the model can. */
  language: z.string().min(2).max(16).default("en"),
  durationSeconds: z.number().min(0).default(0),
  /** Bumped by the app on each redo and resume of the step: a rerun draws with other seeds and wording. */
  generation: z.number().int().min(0).default(0),
  /** The analysis an earlier run of this step streamed (its `analysis` event), kept by the app as a checkpoint. */
  analysis: z.object({ hash: z.string().min(1).max(64), text: z.string().max(2_000_000) }).nullable().default(null),
  provider: z.enum(["local", "openai"]).default("local"),
});
export type SummarizeRequest = z.infer<typeof SummarizeRequest>;

function storedAnalysis(stored: SummarizeRequest["analysis"]): { hash: string; analysis: Analysis } | null {
  if (!stored) return null;
  try {
    return { hash: stored.hash, analysis: JSON.parse(stored.text) as Analysis };
  } catch {
    return null; // an unreadable checkpoint is recomputed, not trusted
  }
}

/**
 * Streams a summary: log lines, `analysis` (categories ranked and key sentences: the caller's checkpoint),
 * then `result` with category slugs, the kept description and what is wrong with it, if anything.
 */
export async function handleSummarize(
  req: SummarizeRequest,
  providers: Providers,
  out: Ndjson,
  signal: AbortSignal,
  log: (line: string) => void,
  draining: AbortSignal = new AbortController().signal,
) {
  const llm = await providers.llm(req.provider);
  const analyser = await providers.analyser();
  log(`summarize start words=${req.transcript.split(/\s+/).length} language=${req.language} generation=${req.generation} provider=${req.provider}`);
  const generator = summarize(
    { llm, ...analyser },
    {
      transcript: req.transcript,
      taxonomy: req.taxonomy,
      language: req.language,
      durationSeconds: req.durationSeconds,
      generation: req.generation,
      writes: providers.writes(req.provider),
      stored: storedAnalysis(req.analysis),
    },
  );
  for (;;) {
    signal.throwIfAborted();
    const next = await generator.next();
    if (next.done) {
      const s = next.value;
      log(`summarize done categories=${s.categories.join(",")} problems=${s.problems.map((p) => p.code).join(",") || "none"}`);
      out.send({ type: "result", ...s });
      return;
    }
    const event = next.value;
    if (event.type === "plan") {
      out.send({ type: "log", level: "info", message: `${event.transcriptWords} words; description of ${event.target.min}–${event.target.max} words in ${event.descriptionLanguage} (${llm.description})` });
    } else if (event.type === "analysis") {
      out.send({ type: "analysis", hash: event.hash, text: JSON.stringify(event.analysis), reused: event.reused });
      const top = event.analysis.ranking.slice(0, 3).map((r) => `${r.slug} ${r.score.toFixed(3)}`).join(", ");
      out.send({ type: "log", level: "info", message: `${event.reused ? "stored analysis reused" : `analysed with ${event.analysis.model}`}: ${top}` });
      if (draining.aborted) {
        out.send({ type: "error", message: "the sidecar is shutting down: resume to write the description", retryable: true });
        return;
      }
    } else if (event.type === "attempt") {
      out.send({
        type: "log",
        level: event.problems.length ? "warn" : "info",
        message: event.problems.length ? `attempt ${event.attempt} (${event.words} words): ${event.problems.map((p) => p.message).join("; ")}` : `attempt ${event.attempt} passed every check (${event.words} words)`,
      });
    }
  }
}
