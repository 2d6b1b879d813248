import { createHash } from "node:crypto";
import type { TaxonomyEntry as CategoryEntry } from "../embed/categories.js";
import type { LlmEngine } from "./engine.js";
import { answerText, descriptionPrompt, PROMPT_VARIANTS, SYSTEM } from "./prompts.js";
import { checkCopy, lengthTarget, LANGUAGE_NAMES, type LengthTarget, type Problem } from "../text/copy-checks.js";
import { countWords } from "../text/words.js";

/** Draws per run: each is one constrained pass; the best is kept even when none passes every check. */
export const ATTEMPTS = 3;
const SAFETY_TOKENS = 64;

/** A category as the app sends it: name and description (categories.ts), and its labelled examples. */
export interface TaxonomyEntry extends CategoryEntry {
  /** The mean vector of books an admin filed under this category, how many, and the model that made it. */
  examples?: { centroid: number[]; count: number; model: string };
}

/** What the embedding model says about the book: computed once per transcript, stored as a checkpoint. */
export interface Analysis {
  /** Every category, best first. */
  ranking: Array<{ slug: string; score: number }>;
  /** Category slugs to file the book under (1–3), decided from the ranking's scores. */
  chosen: string[];
  /** The first category barely beat the second: a person should look before the book is on sale. */
  uncertain?: boolean;
  /** The most representative sentences across the whole transcript, in their original order. */
  keySentences: string[];
  /** The book's vector (mean over windows of the transcript): a labelled example once an admin confirms. */
  bookVector: number[];
  model: string;
}

export interface SummaryTools {
  llm: LlmEngine;
  analyse(input: { transcript: string; language: string; taxonomy: readonly TaxonomyEntry[]; keySentences: number }): Promise<Analysis>;
  /** How much a description is about the analysed book (analyse.ts); below MIN_RELEVANCE it is off topic. */
  relevance(description: string, analysis: Analysis): Promise<number>;
}

/** Drafts less about their book than this read as generic or invented copy (see Analyser.relevance). */
export const MIN_RELEVANCE = 0.3;

export interface SummaryInput {
  transcript: string;
  taxonomy: readonly TaxonomyEntry[];
  /** The book's language ("en", "th"…), from upload or from transcription. */
  language: string;
  durationSeconds: number;
  /** Bumped by each redo and resume: seeds and prompt wording change with it, so a rerun draws anew. */
  generation: number;
  /** Languages the model writes well ("*" for any); others get an English description and a note. */
  writes: readonly string[] | "*";
  /** The analysis of an earlier, interrupted run; reused when its hash matches this transcript and taxonomy. */
  stored?: { hash: string; analysis: Analysis } | null;
}

export interface Note {
  code: "written_in_english" | "no_speech";
  message: string;
}

export interface Summary {
  categories: string[];
  ranking: Analysis["ranking"];
  description: string;
  /** Failed checks of the kept description; empty when it passed every one. */
  problems: Problem[];
  notes: Note[];
  language: string;
  descriptionLanguage: string;
  target: LengthTarget;
  attempts: number;
  bookVector: number[];
  embedModel: string;
}

export type SummaryEvent =
  | { type: "plan"; transcriptWords: number; target: LengthTarget; descriptionLanguage: string }
  | { type: "analysis"; hash: string; analysis: Analysis; reused: boolean }
  | { type: "attempt"; attempt: number; words: number; problems: Problem[] }
  | { type: "done"; summary: Summary };

export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** The analysis depends on the transcript and on the taxonomy as the admin left it (names, descriptions, examples). */
export function analysisHash(transcript: string, taxonomy: readonly TaxonomyEntry[]): string {
  return hashText(JSON.stringify([transcript, taxonomy]));
}

/** The JSON schema handed to llama.cpp (or the server) as a grammar: one string, bounded in length. */
export function descriptionJsonSchema(target: LengthTarget) {
  // ~8 characters a word (Thai runs longer per word: a generous bound either way); no lower bound:
  // a model made to go on pads with junk, while a short answer is simply judged too short.
  return { type: "object", properties: { description: { type: "string", maxLength: target.max * 10 } }, required: ["description"] } as const;
}

/**
 * Files the book under categories and writes its store description.
 * Categories come from the embedding model (the taxonomy is the only vocabulary); the description is
 * written by the language model from the book's key sentences, then checked (copy-checks.ts). A model
 * that misses never fails the step: the best attempt is returned with what is wrong with it, and the
 * app decides whether it is published or waits for an admin.
 */
export async function* summarize(tools: SummaryTools, input: SummaryInput): AsyncGenerator<SummaryEvent, Summary> {
  const { llm } = tools;
  if (input.taxonomy.length === 0) throw new Error("taxonomy is empty: pass at least one category");
  const transcriptWords = countWords(input.transcript);
  const target = lengthTarget(input.durationSeconds, transcriptWords);
  const canWrite = input.writes === "*" || input.writes.includes(input.language);
  const descriptionLanguage = canWrite ? input.language : "en";
  const notes: Note[] = canWrite
    ? []
    : [{ code: "written_in_english", message: `the configured model does not write ${LANGUAGE_NAMES[input.language] ?? input.language}: the description is in English` }];
  yield { type: "plan", transcriptWords, target, descriptionLanguage };

  const hash = analysisHash(input.transcript, input.taxonomy);
  const reused = input.stored?.hash === hash;
  const analysis = reused ? input.stored!.analysis : await tools.analyse({ transcript: input.transcript, language: input.language, taxonomy: input.taxonomy, keySentences: keySentenceCount(target) });
  yield { type: "analysis", hash, analysis, reused };

  const material = fitToContext(llm, analysis.keySentences, target);
  const schema = descriptionJsonSchema(target);
  let best: { description: string; problems: Problem[]; attempt: number } | null = null;
  let attempts = 0;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    attempts = attempt;
    // Each (generation, attempt) has its own seed and wording: a rerun is a real new draw, while the
    // same run repeated gives the same answers (idempotent steps).
    const variant = (input.generation + attempt - 1) % PROMPT_VARIANTS;
    const output = await llm.complete({
      system: SYSTEM,
      user: descriptionPrompt({ material, target, language: descriptionLanguage, variant }),
      maxTokens: maxTokensFor(target, descriptionLanguage),
      jsonSchema: schema as never,
      seed: 7 + input.generation * 101 + attempt,
    });
    const description = tidy(answerText(output, "description", { flattenNewlines: true }), target);
    const problems = checkCopy({ description, transcript: input.transcript, target, language: descriptionLanguage });
    if (description && problems.every((p) => p.code !== "wrong_language")) {
      const relevance = await tools.relevance(description, analysis);
      if (relevance < MIN_RELEVANCE) problems.push({ code: "off_topic", message: `the description is not clearly about this book (relevance ${relevance.toFixed(2)}; honest copy scores above ${MIN_RELEVANCE})` });
    }
    yield { type: "attempt", attempt, words: countWords(description), problems };
    if (!best || severity(problems) < severity(best.problems)) best = { description, problems, attempt };
    if (problems.length === 0) break;
  }

  const categoryProblems: Problem[] = analysis.uncertain
    ? [{ code: "uncertain_category", message: `the best category (${analysis.ranking[0]?.slug}) barely beats the next (${analysis.ranking[1]?.slug}): check the categories` }]
    : [];
  const summary: Summary = {
    categories: analysis.chosen,
    ranking: analysis.ranking,
    description: best!.description,
    problems: [...best!.problems, ...categoryProblems],
    notes,
    language: input.language,
    descriptionLanguage,
    target,
    attempts,
    bookVector: analysis.bookVector,
    embedModel: analysis.model,
  };
  yield { type: "done", summary };
  return summary;
}

/** A few more sentences than the description will have: enough to see the whole book, not to copy it. */
function keySentenceCount(target: LengthTarget): number {
  return Math.max(4, Math.min(14, Math.round(target.max / 8)));
}

function maxTokensFor(target: LengthTarget, language: string): number {
  // English runs ~1.4 tokens a word; Thai several per word in most tokenisers. Plus the JSON around it.
  return Math.round(target.max * (language === "th" ? 4 : 2)) + 40;
}

/** Drops key sentences from the middle outwards until the prompt fits the model's context. */
function fitToContext(llm: LlmEngine, sentences: readonly string[], target: LengthTarget): string {
  const kept = [...sentences];
  const budget = llm.contextSize - llm.countTokens(SYSTEM) - maxTokensFor(target, "th") - SAFETY_TOKENS - 200;
  while (kept.length > 1 && llm.countTokens(kept.join("\n")) > budget) kept.splice(Math.floor(kept.length / 2), 1);
  return kept.join("\n");
}

/** Whitespace made single; a too-long answer cut back to whole sentences when enough remains. */
function tidy(description: string, target: LengthTarget): string {
  const text = description.replace(/\s+/g, " ").trim();
  if (countWords(text) <= target.max) return text;
  const trimmed = trimToSentences(text, target.max);
  return countWords(trimmed) >= target.min ? trimmed : text;
}

/** How bad a set of problems is: copy that misleads buyers outweighs copy of the wrong length. */
function severity(problems: readonly Problem[]): number {
  const weight: Record<Problem["code"], number> = {
    empty: 100,
    junk: 20,
    off_topic: 15,
    uncertain_category: 0,
    wrong_language: 20,
    copies_transcript: 15,
    invented_detail: 15,
    ungrounded: 15,
    repetitive: 15,
    shouting: 10,
    unfinished: 5,
    too_short: 3,
    too_long: 3,
  };
  return problems.reduce((sum, p) => sum + weight[p.code], 0);
}

/** The longest run of leading whole sentences with at most `maxWords` words. */
export function trimToSentences(text: string, maxWords: number): string {
  const kept: string[] = [];
  let count = 0;
  for (const sentence of text.split(/(?<=[.!?…])\s+/)) {
    count += countWords(sentence);
    if (count > maxWords) break;
    kept.push(sentence);
  }
  return kept.join(" ");
}
