import { z } from "zod";
import { writeChapterTitle } from "../llm/titles.js";
import type { FitScores } from "../text/title-checks.js";
import type { Providers } from "../providers/index.js";
import type { Ndjson } from "./ndjson.js";

/** The most of a neighbouring chapter's text a request carries (what is embedded is less: embed/title-fit.ts). */
export const NEIGHBOUR_CHARS = 12_000;

export const ChapterTitleRequest = z.object({
  /** The chapter's transcript. */
  text: z.string().trim().min(1).max(1_000_000),
  /** The book's language ("en", "th"…): the title is written in it when the model writes it. */
  language: z.string().min(2).max(16).default("en"),
  /** The chapter's place in the book (0-based). */
  index: z.number().int().min(0).max(10_000),
  /** Titles the book's other chapters already have: the new one must differ. */
  taken: z.array(z.string().max(200)).max(500).default([]),
  /**
   * What the previous and the next chapter say, where there are such (the app sends an even excerpt
   * of each): a title must sit closer to its own chapter than to these. Without them only the
   * minimum similarity to its own chapter is checked.
   */
  neighbours: z.array(z.string().max(NEIGHBOUR_CHARS)).max(2).default([]),
  /** Bumped by the app on each redo and resume of the step: a rerun draws with other seeds and wording. */
  generation: z.number().int().min(0).default(0),
  provider: z.enum(["local", "openai"]).default("local"),
});
export type ChapterTitleRequest = z.infer<typeof ChapterTitleRequest>;

/** Streams log lines for each draw, then `title`: the checked title, or "" with why there is none. */
export async function handleChapterTitle(req: ChapterTitleRequest, providers: Providers, out: Ndjson, signal: AbortSignal, log: (line: string) => void) {
  const writes = providers.writes(req.provider);
  const canWrite = writes === "*" || writes.includes(req.language);
  // Neither model is loaded for a language the provider's model does not write.
  const llm = canWrite ? await providers.llm(req.provider) : null;
  const analyser = canWrite ? await providers.analyser() : null;
  signal.throwIfAborted();
  const result = await writeChapterTitle(
    { llm: llm!, keySentences: (text, k) => analyser!.keySentences(text, k), chapterFit: (text, neighbours) => analyser!.chapterFit(text, neighbours) },
    { text: req.text, language: req.language, generation: req.generation, index: req.index, taken: req.taken, neighbours: req.neighbours, writes },
    (a) => {
      signal.throwIfAborted();
      out.send({ type: "log", level: a.problems.length ? "warn" : "info", message: `title draw ${a.attempt} "${a.draw}": ${a.problems.length ? a.problems.map((p) => p.message).join("; ") : `passed every check${fitNote(a.fit)}`}` });
    },
  );
  log(`title chapter=${req.index} generation=${req.generation} provider=${req.provider} neighbours=${req.neighbours.length} ${result.title ? `"${result.title}"` : `none (${result.problems.map((p) => p.code).join(",")})`}`);
  out.send({ type: "title", title: result.title, problems: result.problems, attempts: result.attempts.length });
}

/** The similarities a passing draw had, for the console: "(fit 0.31; neighbours 0.05, 0.12)". */
function fitNote(fit: FitScores | undefined): string {
  if (!fit) return "";
  return ` (fit ${fit.own.toFixed(2)}${fit.neighbours.length ? `; neighbours ${fit.neighbours.map((n) => n.toFixed(2)).join(", ")}` : ""})`;
}
