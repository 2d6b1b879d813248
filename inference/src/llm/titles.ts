/**
 * A short title for one chapter found without a spoken heading: the language model names it from the
 * chapter's key sentences, and the title is checked (text/title-checks.ts): the plain checks first,
 * then, for a draw that passes them, whether it is about this chapter rather than the ones beside it
 * (embedding similarity, embed/title-fit.ts). Up to ATTEMPTS draws; a
 * title is only given when one passes every check, otherwise the caller keeps the chapter's number
 * and the problems say why.
 */
import type { LlmEngine } from "./engine.js";
import { answerText, PROMPT_VARIANTS, TITLE_SYSTEM, titlePrompt } from "./prompts.js";
import { LANGUAGE_NAMES } from "../text/copy-checks.js";
import { checkFit, checkTitle, tidyTitle, TITLE_LIMITS, type FitScores, type TitleProblem } from "../text/title-checks.js";
import { words } from "../text/words.js";

export const TITLE_ATTEMPTS = 3;
/** Sentences a title is drawn from: enough to see what the chapter is about, few enough for a small model. */
const KEY_SENTENCES = 4;
/** The prompt's material stays under this many words, whatever the chapter's sentences are like. */
const MATERIAL_WORDS = 220;

export interface TitleTools {
  llm: LlmEngine;
  /** The k sentences that best stand for a text, in order (embed/analyse.ts). */
  keySentences(text: string, k: number): Promise<string[]>;
  /** Embeds the chapter and its neighbours once; the function scores a title against them (embed/analyse.ts). */
  chapterFit(chapter: string, neighbours: readonly string[]): Promise<(title: string) => Promise<FitScores>>;
}

export interface TitleInput {
  /** The chapter's transcript. */
  text: string;
  language: string;
  /** Bumped by each redo and resume of the step: another seed and wording. */
  generation: number;
  /** The chapter's place in the book (0-based): chapters of one book draw with different seeds. */
  index: number;
  /** Titles other chapters of the book already have. */
  taken: readonly string[];
  /** What the previous and the next chapter say (either may be missing): the title must be closer to its own. */
  neighbours: readonly string[];
  /** Languages the model writes well ("*" for any). */
  writes: readonly string[] | "*";
}

export interface TitleAttempt {
  attempt: number;
  draw: string;
  problems: TitleProblem[];
  /** The draw's similarities to its chapter and the neighbours, when it passed the other checks. */
  fit?: FitScores;
}

export interface ChapterTitle {
  /** The title, or "" when no draw passed every check (or the model does not write the language). */
  title: string;
  /** Why there is no title: the problems of the best draw; empty when there is one. */
  problems: Array<TitleProblem | { code: "not_written"; message: string }>;
  attempts: TitleAttempt[];
}

export const titleJsonSchema = { type: "object", properties: { title: { type: "string", maxLength: TITLE_LIMITS.maxChars + 20 } }, required: ["title"] } as const;

/** `onAttempt` hears of each draw as it is judged (the sidecar streams it: the app's console, and its idle timer). */
export async function writeChapterTitle(tools: TitleTools, input: TitleInput, onAttempt: (a: TitleAttempt) => void = () => {}): Promise<ChapterTitle> {
  const canWrite = input.writes === "*" || input.writes.includes(input.language);
  if (!canWrite) {
    const name = LANGUAGE_NAMES[input.language] ?? input.language;
    return { title: "", problems: [{ code: "not_written", message: `the configured model does not write ${name}: chapters found by topic keep their numbers` }], attempts: [] };
  }
  const material = await materialOf(tools, input.text);
  const attempts: TitleAttempt[] = [];
  let scorer: Promise<(title: string) => Promise<FitScores>> | null = null;
  for (let attempt = 1; attempt <= TITLE_ATTEMPTS; attempt++) {
    // Each (generation, chapter, attempt) has its own seed and wording: a redo draws anew, while the
    // same run repeated gives the same titles.
    const variant = (input.generation + attempt - 1) % PROMPT_VARIANTS;
    const output = await tools.llm.complete({
      system: TITLE_SYSTEM,
      user: titlePrompt({ material, language: input.language, variant }),
      maxTokens: input.language === "th" ? 80 : 40,
      jsonSchema: titleJsonSchema as never,
      seed: 11 + input.generation * 101 + input.index * 7 + attempt,
    });
    const draw = tidyTitle(answerText(output, "title"));
    const problems = checkTitle({ title: draw, chapterText: input.text, language: input.language, taken: input.taken });
    let fit: FitScores | undefined;
    if (problems.length === 0) {
      // The chapters are embedded once, and only when a draw gets this far.
      scorer ??= tools.chapterFit(input.text, input.neighbours);
      fit = await (await scorer)(draw);
      const off = checkFit(draw, fit);
      if (off) problems.push(off);
    }
    attempts.push({ attempt, draw, problems, ...(fit && { fit }) });
    onAttempt(attempts[attempts.length - 1]!);
    if (problems.length === 0) return { title: draw, problems: [], attempts };
  }
  const best = attempts.reduce((a, b) => (b.problems.length < a.problems.length ? b : a));
  return { title: "", problems: best.problems, attempts };
}

async function materialOf(tools: TitleTools, text: string): Promise<string> {
  const picked = await tools.keySentences(text, KEY_SENTENCES);
  // A chapter of a few short sentences has no key sentence (they need five words): its opening words then.
  const chosen = picked.length ? picked.join("\n") : text;
  const list = words(chosen);
  return list.length <= MATERIAL_WORDS ? chosen : chosen.slice(0, wordEnd(chosen, MATERIAL_WORDS));
}

/** Where the text's n-th word ends. */
function wordEnd(text: string, n: number): number {
  let count = 0;
  for (const match of text.matchAll(/\S+/g)) {
    if (++count === n) return match.index + match[0].length;
  }
  return text.length;
}
