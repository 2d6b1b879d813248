import { z } from "zod";
import { summarize } from "../llm/summarize.js";
import type { Providers } from "../providers/index.js";
import type { Ndjson } from "./ndjson.js";

export const SummarizeRequest = z.object({
  transcript: z.string().min(1).max(5_000_000),
  taxonomy: z.array(z.object({ slug: z.string().min(1).max(64), name: z.string().min(1).max(100) })).min(1).max(200),
  /** Map results of an earlier run, as they came in `map` events; a part whose hash no longer matches is redone. */
  mapResults: z.array(z.object({ index: z.number().int().min(0), hash: z.string().min(1).max(64), text: z.string() })).max(10_000).default([]),
  provider: z.enum(["local", "openai"]).default("local"),
});
export type SummarizeRequest = z.infer<typeof SummarizeRequest>;

/** Streams a summary: `map` per summarised part (the caller's checkpoint), log lines, then `result` with category slugs. */
export async function handleSummarize(
  req: SummarizeRequest,
  providers: Providers,
  out: Ndjson,
  signal: AbortSignal,
  log: (line: string) => void,
  draining: AbortSignal = new AbortController().signal,
) {
  const llm = await providers.llm(req.provider);
  const slugByName = new Map(req.taxonomy.map((t) => [t.name, t.slug]));
  log(`summarize start words=${req.transcript.split(/\s+/).length} reuse=${req.mapResults.length} provider=${req.provider}`);
  const generator = summarize(llm, {
    transcript: req.transcript,
    taxonomy: req.taxonomy.map((t) => t.name),
    mapResults: req.mapResults.map((r) => ({ index: r.index, hash: r.hash, summary: r.text })),
  });
  for (;;) {
    signal.throwIfAborted();
    const next = await generator.next();
    if (next.done) {
      const categories = next.value.categories.map((name) => slugByName.get(name)).filter((s): s is string => !!s);
      log(`summarize done categories=${categories.join(",")}`);
      out.send({ type: "result", categories, description: next.value.description });
      return;
    }
    const event = next.value;
    if (event.type === "map") {
      out.send({ type: "map", index: event.index, of: event.of, hash: event.result.hash, text: event.result.summary, reused: event.reused });
      if (draining.aborted && event.index + 1 < event.of) {
        log(`summarize stopped after part ${event.index}: shutting down`);
        out.send({ type: "error", message: `the sidecar is shutting down: resume after part ${event.index + 1} of ${event.of}`, retryable: true });
        return;
      }
    } else if (event.type === "plan") {
      out.send({ type: "log", level: "info", message: `${event.transcriptTokens} transcript tokens; ${event.chunks ? `${event.chunks} parts to summarise first` : "fits in one pass"} (${llm.description})` });
    } else if (event.type === "attempt") {
      out.send({ type: "log", level: event.problem ? "warn" : "info", message: event.problem ? `attempt ${event.attempt} rejected: ${event.problem}` : `attempt ${event.attempt} accepted (${event.words} words)` });
    }
  }
}
