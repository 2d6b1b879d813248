import { createHash } from "node:crypto";
import { z } from "zod";
import type { LlmEngine } from "./engine.js";
import { finalPrompt, mapPrompt, SYSTEM } from "./prompts.js";

export const MIN_WORDS = 60;
export const MAX_WORDS = 150;
/** Small models miss the word range now and then; each attempt is one constrained pass. */
const FINAL_ATTEMPTS = 4;
const FINAL_MAX_TOKENS = 700; // room for the grammar's longest description (1,200 characters) plus the JSON
const MAP_MAX_TOKENS = 220;
const SAFETY_TOKENS = 64;

export interface SummaryInput {
  transcript: string;
  taxonomy: readonly string[];
  /** Map results from an earlier, interrupted run: chunks whose hash matches are not summarised again. */
  mapResults?: readonly MapResult[];
}

export interface MapResult {
  index: number;
  /** sha256 of the chunk's text (first 16 hex digits): a changed transcript invalidates the checkpoint. */
  hash: string;
  summary: string;
}

export interface Summary {
  categories: string[];
  description: string;
}

export type SummaryEvent =
  | { type: "plan"; chunks: number; transcriptTokens: number; budgetTokens: number }
  | { type: "map"; index: number; of: number; reused: boolean; result: MapResult }
  | { type: "attempt"; attempt: number; words: number | null; problem: string | null; trimmed?: boolean }
  | { type: "done"; summary: Summary; words: number; attempts: number };

/** The model could not produce an acceptable summary in FINAL_ATTEMPTS attempts. */
export class SummaryRejectedError extends Error {
  override name = "SummaryRejectedError";
  constructor(
    message: string,
    readonly lastOutput: string,
  ) {
    super(message);
  }
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

export function summarySchema(taxonomy: readonly string[]) {
  return z.object({
    categories: z
      .array(z.enum(taxonomy as [string, ...string[]]))
      .min(1)
      .max(3)
      // The grammar bounds the count and the vocabulary but cannot forbid repeats: drop them.
      .transform((c) => [...new Set(c)]),
    description: z.string().transform((d) => d.trim()),
  });
}

/** The JSON schema handed to llama.cpp as a grammar: only taxonomy names can be generated. */
export function summaryJsonSchema(taxonomy: readonly string[]) {
  return {
    type: "object",
    properties: {
      // The description comes first: asked for categories first, SmolLM2 tends to close the object with
      // an empty description. Only an upper bound (~8 characters a word): it makes a rambling model close its JSON. No lower
      // bound: a model that wants to stop early then pads the string with junk (seen with SmolLM2:
      // "} {#1} {#2}..."). Too short answers are retried with feedback instead.
      description: { type: "string", maxLength: MAX_WORDS * 8 },
      categories: { type: "array", items: { enum: [...taxonomy] }, minItems: 1, maxItems: 3 },
    },
    required: ["description", "categories"],
  } as const;
}

/**
 * Summarises a transcript into 1-3 taxonomy categories and a 60-150 word description.
 * A transcript too long for the context is split into chunks that are summarised first (map,
 * yielded as they finish so the caller can checkpoint them); the constrained final pass then
 * reads those summaries (reduce).
 */
export async function* summarize(llm: LlmEngine, input: SummaryInput): AsyncGenerator<SummaryEvent, Summary> {
  const taxonomy = [...new Set(input.taxonomy.map((t) => t.trim()).filter(Boolean))];
  if (taxonomy.length === 0) throw new Error("taxonomy is empty: pass at least one category name");
  const overhead = llm.countTokens(SYSTEM + finalPrompt("", taxonomy, true)) + SAFETY_TOKENS;
  const finalBudget = llm.contextSize - overhead - FINAL_MAX_TOKENS;
  const mapBudget = llm.contextSize - overhead - MAP_MAX_TOKENS;
  if (finalBudget < 256) throw new Error(`context of ${llm.contextSize} tokens is too small for the prompt; raise LLM_CONTEXT_SIZE`);

  const transcriptTokens = llm.countTokens(input.transcript);
  let material = input.transcript;
  let isSummaries = false;
  if (transcriptTokens > finalBudget) {
    const chunks = splitByTokens(input.transcript, mapBudget, llm);
    yield { type: "plan", chunks: chunks.length, transcriptTokens, budgetTokens: finalBudget };
    // Give each map summary an equal share of the final pass's budget, so the summaries
    // normally fit in one reduce (the loop below is only for books of many hundred chunks).
    const mapTokens = Math.max(64, Math.min(MAP_MAX_TOKENS, Math.floor(finalBudget / chunks.length) - 8));
    const done = new Map((input.mapResults ?? []).map((r) => [r.index, r]));
    const summaries: string[] = [];
    for (const [index, chunk] of chunks.entries()) {
      const hash = hashText(chunk);
      const previous = done.get(index);
      const reused = previous?.hash === hash;
      const summary = reused ? previous!.summary : (await llm.complete({ system: SYSTEM, user: mapPrompt(chunk, index + 1, chunks.length), maxTokens: mapTokens })).trim();
      yield { type: "map", index, of: chunks.length, reused, result: { index, hash, summary } };
      summaries.push(summary);
    }
    material = summaries.join("\n\n");
    isSummaries = true;
    // Very long books: summaries of summaries until they fit (not checkpointed; they are few).
    while (llm.countTokens(material) > finalBudget) {
      const parts = splitByTokens(material, mapBudget, llm);
      const shorter: string[] = [];
      for (const [i, part] of parts.entries()) {
        shorter.push((await llm.complete({ system: SYSTEM, user: mapPrompt(part, i + 1, parts.length), maxTokens: MAP_MAX_TOKENS })).trim());
      }
      material = shorter.join("\n\n");
    }
  } else {
    yield { type: "plan", chunks: 0, transcriptTokens, budgetTokens: finalBudget };
  }

  const schema = summarySchema(taxonomy);
  const jsonSchema = summaryJsonSchema(taxonomy);
  let feedback: string | undefined;
  let lastOutput = "";
  for (let attempt = 1; attempt <= FINAL_ATTEMPTS; attempt++) {
    // Each attempt samples with its own fixed seed: a retry is a real second draw, yet a re-run of
    // the step with the same transcript gives the same answers (idempotent steps).
    lastOutput = await llm.complete({ system: SYSTEM, user: finalPrompt(material, taxonomy, isSummaries, feedback), maxTokens: FINAL_MAX_TOKENS, jsonSchema: jsonSchema as never, seed: 6 + attempt });
    const problem = judge(lastOutput, schema);
    yield { type: "attempt", attempt, words: problem.words, problem: problem.message, trimmed: problem.trimmed };
    if (!problem.message) {
      yield { type: "done", summary: problem.summary!, words: problem.words!, attempts: attempt };
      return problem.summary!;
    }
    feedback = `Your previous answer was rejected: ${problem.message}. Answer again and fix that.`;
  }
  throw new SummaryRejectedError(`the model did not produce an acceptable summary in ${FINAL_ATTEMPTS} attempts: ${feedback}`, lastOutput);
}

interface Judgement {
  message: string | null;
  words: number | null;
  summary?: Summary;
  trimmed?: boolean;
}

/** Checks one answer; a too-long description is cut back to whole sentences when >= 60 words remain. */
function judge(output: string, schema: ReturnType<typeof summarySchema>): Judgement {
  let json: unknown;
  try {
    json = JSON.parse(output);
  } catch {
    return { message: "the answer was cut off before the JSON was complete", words: null };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { message: `the JSON did not match the schema (${parsed.error.issues[0]?.message})`, words: null };
  const words = countWords(parsed.data.description);
  if (words > MAX_WORDS) {
    const trimmed = trimToSentences(parsed.data.description, MAX_WORDS);
    const trimmedWords = countWords(trimmed);
    if (trimmedWords >= MIN_WORDS) return { message: null, words: trimmedWords, summary: { ...parsed.data, description: trimmed }, trimmed: true };
  }
  if (words < MIN_WORDS || words > MAX_WORDS) {
    return { message: `the description had ${words} words; it must have between ${MIN_WORDS} and ${MAX_WORDS} words`, words };
  }
  return { message: null, words, summary: parsed.data };
}

/** The longest run of leading whole sentences with at most `maxWords` words. */
export function trimToSentences(text: string, maxWords: number): string {
  const kept: string[] = [];
  let words = 0;
  for (const sentence of text.split(/(?<=[.!?…])\s+/)) {
    words += countWords(sentence);
    if (words > maxWords) break;
    kept.push(sentence);
  }
  return kept.join(" ");
}

export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Splits at sentence ends (words, for run-on text) into pieces of at most `budget` tokens. */
export function splitByTokens(text: string, budget: number, llm: Pick<LlmEngine, "countTokens">): string[] {
  const sentences = text.split(/(?<=[.!?…])\s+/).flatMap((s) => (llm.countTokens(s) > budget ? s.split(/\s+/) : [s]));
  const chunks: string[] = [];
  let current: string[] = [];
  let tokens = 0;
  for (const sentence of sentences) {
    const cost = llm.countTokens(sentence) + 1;
    if (tokens + cost > budget && current.length) {
      chunks.push(current.join(" "));
      current = [];
      tokens = 0;
    }
    current.push(sentence);
    tokens += cost;
  }
  if (current.length) chunks.push(current.join(" "));
  return chunks;
}
