/**
 * The checks a model's chapter title must pass before a listener sees it: a few words, plain text,
 * not shouted, not a sentence lifted from the chapter, not a word that would fit any chapter, in the
 * book's language, not the name of another chapter, and about its own chapter rather than the ones
 * beside it (checkFit, on embedding similarities). A title that fails keeps its number.
 */
import { words } from "./words.js";

export type TitleProblemCode =
  | "empty"
  | "too_short"
  | "too_long"
  | "junk"
  | "shouting"
  | "repetitive"
  | "unfinished"
  | "copies_transcript"
  | "generic"
  | "wrong_language"
  | "duplicate"
  | "off_chapter";

export interface TitleProblem {
  code: TitleProblemCode;
  message: string;
}

/** The limits, in one place (English words; Thai is counted by ICU's finer words and by characters). */
export const TITLE_LIMITS = {
  minWords: 2,
  maxWords: 7,
  /** ICU cuts Thai finer than a reader counts words: "การเดินทาง" is two of them. */
  maxThaiWords: 12,
  maxChars: 60,
  /** This many words in a row found in the chapter read as a lifted sentence, not a name. */
  copiedRun: 5,
  /**
   * off_chapter (checkFit): the title's similarity to its own chapter (cosine, ordinary prose taken
   * out: embed/title-fit.ts) must reach `minFit`, and no chapter beside it may beat that by more than
   * `neighbourLead`. A refusal throws the title away for "Chapter N", and in a book on one subject
   * (a novel: the same people in every chapter) the neighbours are always close, so only a clear lead
   * counts as evidence. Chosen on eval/chapter-titles.yaml (`npx tsx eval/title-fit.ts`, 19 chapters,
   * 128 titles; 2026-12-07) as the setting of a grid (minFit 0–0.08, lead 0–0.06) that keeps 95% of
   * fitting titles and then refuses the most others: 36/38 fitting titles pass ("The Far Bank" and
   * "From Motion to Meaning" do not); 39/52 of a neighbouring chapter's titles, 10/19 of another book's
   * and 4/19 of those that only sound like the book ("The Snow King" on a snowy train ride) are
   * refused. Chosen on the English long passages alone, the lead is the same (the minimum 0), and on
   * the held-out topic mixes and Thai it keeps 20/20 fitting titles and refuses 29/48 others.
   */
  minFit: 0.04,
  neighbourLead: 0.06,
} as const;

/**
 * Words that name no chapter in particular: a title made only of these (and numbers) could stand on
 * every chapter of every book.
 */
const GENERIC_WORDS = new Set(
  [
    "chapter", "chapters", "title", "titles", "untitled", "part", "section", "episode", "introduction", "intro", "conclusion",
    "summary", "overview", "prologue", "epilogue", "beginning", "end", "ending", "story", "stories", "book", "audiobook",
    "the", "a", "an", "of", "and", "in", "on", "to", "this", "my", "our", "new", "one", "two", "three", "first", "second",
    "third", "last", "final", "next", "continued", "continues", "unknown", "none", "text", "content", "topic",
    "บท", "บทที่", "ตอน", "ตอนที่", "บทนำ", "สรุป", "เรื่อง", "ภาค", "ชื่อ", "ชื่อเรื่อง",
  ],
);

/** Frequent small words of other Latin-script languages that English titles do not use. */
const OTHER_FUNCTION_WORDS = new Set("le la les des du dans et une der die das und ein eine el los las del y con il di che della sur pour".split(" "));

/** Small words that do not end a finished title ("The Keeper of the"). */
const DANGLING = new Set("the a an of and or but to in on at by for with from as into about over than that which who".split(" "));

/** The model's answer as a title: one line, single spaces, without the quotes or final full stop models like to add. */
export function tidyTitle(raw: string): string {
  let text = raw.replace(/\s+/g, " ").trim();
  const quoted = text.match(/^["“”'‘’«](.*)["“”'‘’»]$/u);
  if (quoted) text = quoted[1]!.trim();
  // Models number what they name ("Chapter 2: Interest Rates"); the number is the app's to give.
  const numbered = text.match(/^(?:chapter|part)\s+\d+\s*[:.\-–—]\s*(\S.*)$/iu);
  if (numbered) text = numbered[1]!;
  return text.replace(/(?<![.])\.$/u, "").trim();
}

export interface TitleCheckInput {
  title: string;
  /** What the chapter says (its transcript). */
  chapterText: string;
  /** "en", "th"…: the language the title should be in. */
  language: string;
  /** Titles the book's other chapters already have. */
  taken: readonly string[];
}

/** Lower case, letters and digits only, single spaces: two titles that differ only in case or punctuation are one. */
export function titleKey(title: string): string {
  return words(title.toLowerCase()).join(" ");
}

export function checkTitle({ title, chapterText, language, taken }: TitleCheckInput): TitleProblem[] {
  const text = title.trim();
  if (!text) return [{ code: "empty", message: "the model wrote no title" }];
  const problems: TitleProblem[] = [];
  const list = words(text);
  const thai = language === "th";
  const maxWords = thai ? TITLE_LIMITS.maxThaiWords : TITLE_LIMITS.maxWords;
  const minWords = thai ? 1 : TITLE_LIMITS.minWords;
  if (list.length < minWords) problems.push({ code: "too_short", message: `the title "${text}" has ${list.length} word; a title wants ${TITLE_LIMITS.minWords}–${TITLE_LIMITS.maxWords}` });
  if (list.length > maxWords || text.length > TITLE_LIMITS.maxChars) {
    problems.push({ code: "too_long", message: `the title "${shorten(text)}" has ${list.length} words; a title wants ${TITLE_LIMITS.minWords}–${TITLE_LIMITS.maxWords}` });
  }

  const junk = junkIn(text);
  if (junk) problems.push({ code: "junk", message: `the title "${shorten(text)}" contains ${junk}` });

  const loud = list.filter((w) => w.length >= 2 && /^\p{Lu}+$/u.test(w));
  if (/!/.test(text) || (loud.length >= 2 && loud.length === list.filter((w) => /\p{L}/u.test(w)).length) || loud.length >= 3) {
    problems.push({ code: "shouting", message: `the title "${shorten(text)}" shouts` });
  }

  const lower = list.map((w) => w.toLowerCase());
  if (lower.some((w, i) => w.length > 2 && lower.indexOf(w) !== i && !DANGLING.has(w))) {
    problems.push({ code: "repetitive", message: `the title "${shorten(text)}" repeats a word` });
  }
  if (!thai && lower.length > 1 && DANGLING.has(lower[lower.length - 1]!)) {
    problems.push({ code: "unfinished", message: `the title "${shorten(text)}" stops in the middle` });
  }

  const run = longestCopiedRun(lower, words(chapterText.toLowerCase()));
  if (run >= TITLE_LIMITS.copiedRun) problems.push({ code: "copies_transcript", message: `the title "${shorten(text)}" is ${run} words lifted from the chapter, not a name for it` });

  if (lower.every((w) => GENERIC_WORDS.has(w) || /^\p{N}+$/u.test(w))) {
    problems.push({ code: "generic", message: `the title "${text}" would fit any chapter` });
  }

  const script = scriptOf(text);
  const wanted = thai ? "th" : language === "en" ? "latin" : null;
  const foreign = lower.filter((w) => OTHER_FUNCTION_WORDS.has(w)).length;
  if (wanted && (script !== wanted || (language === "en" && foreign >= Math.max(1, lower.length / 4)))) problems.push({ code: "wrong_language", message: `the title "${shorten(text)}" is not in ${thai ? "Thai" : "English"}` });

  const key = titleKey(text);
  const same = taken.find((t) => titleKey(t) === key);
  if (same) problems.push({ code: "duplicate", message: `the title "${text}" is already another chapter's` });
  else {
    // Half its own words in another title ("The Unfinished Business" after "The Business of Money"):
    // listeners could not tell the chapters apart, and the model has most likely lost this chapter's subject.
    const mine = contentWords(lower);
    const like = taken.find((t) => {
      const theirs = contentWords(words(t.toLowerCase()));
      return mine.size > 0 && [...mine].filter((w) => theirs.has(w)).length * 2 >= mine.size;
    });
    if (like) problems.push({ code: "duplicate", message: `the title "${text}" is too like another chapter's ("${like}")` });
  }
  return problems;
}

/** Similarities of a title to its chapter and to the chapters beside it (embed/title-fit.ts). */
export interface FitScores {
  own: number;
  neighbours: readonly number[];
}

/**
 * A title far from its own chapter, or closer to a chapter beside it than to its own by more than
 * `neighbourLead`, is about something else. Being merely close to a neighbour is not evidence: in a
 * book on one subject every title sits near every chapter.
 */
export function checkFit(title: string, fit: FitScores, limits: { minFit: number; neighbourLead: number } = TITLE_LIMITS): TitleProblem | null {
  const closest = Math.max(...fit.neighbours, -1);
  const near = fit.own >= limits.minFit;
  const theirs = closest - fit.own <= limits.neighbourLead;
  if (near && theirs) return null;
  const why = !near
    ? `it is too far from what the chapter says (similarity ${fit.own.toFixed(2)}, under ${limits.minFit})`
    : `it fits ${fit.neighbours.length > 1 ? "a neighbouring chapter" : "the chapter beside it"} (${closest.toFixed(2)}) better than its own (${fit.own.toFixed(2)}; a neighbour may lead by ${limits.neighbourLead} at most)`;
  return { code: "off_chapter", message: `the title "${shorten(title)}" is not about this chapter: ${why}` };
}

/** The words that say something: neither generic nor small. */
function contentWords(list: string[]): Set<string> {
  return new Set(list.filter((w) => !GENERIC_WORDS.has(w) && !DANGLING.has(w) && !/^\p{N}+$/u.test(w)));
}

function shorten(text: string): string {
  return text.length > 70 ? `${text.slice(0, 67)}…` : text;
}

/** Markup, quotes, code or prompt talk: what a model leaves when it answers about the task, not the chapter. */
function junkIn(text: string): string | null {
  const patterns: Array<[RegExp, string]> = [
    [/[{}<>[\]\\|#*_=~^`@/]/u, "markup or code characters"],
    [/["“”«»]|(^|\s)['‘’]|['‘’](\s|$)/u, "quotation marks"],
    [/[\p{Cc}]/u, "control characters"],
    [/\b(transcript|excerpt|sentences?|summary|json|as an ai|language model|here is|here's|title|chapters?)\b/i, "talk about the task or the model"],
    [/[:;]$|\.{2,}|…/u, "a cut-off or trailing mark"],
    [/(.)\1{3,}/u, "a character repeated many times"],
  ];
  for (const [pattern, what] of patterns) if (pattern.test(text)) return what;
  return null;
}

/** The script of a title's letters: Thai, Latin, or something else. */
function scriptOf(text: string): "th" | "latin" | "other" {
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  if (letters.length === 0) return "other";
  const thai = letters.filter((c) => /\p{Script=Thai}/u.test(c)).length / letters.length;
  if (thai > 0.5) return "th";
  const latin = letters.filter((c) => /\p{Script=Latin}/u.test(c)).length / letters.length;
  return latin > 0.9 ? "latin" : "other";
}

/** The longest run of the title's words that appears, in order and unbroken, in the chapter. */
function longestCopiedRun(title: string[], chapter: string[]): number {
  let longest = 0;
  for (let i = 0; i < chapter.length; i++) {
    let n = 0;
    while (n < title.length && i + n < chapter.length && chapter[i + n] === title[n]) n++;
    longest = Math.max(longest, n);
    // A run may start anywhere in the title, too.
    for (let s = 1; s < title.length && longest < title.length - s; s++) {
      let m = 0;
      while (s + m < title.length && i + m < chapter.length && chapter[i + m] === title[s + m]) m++;
      longest = Math.max(longest, m);
    }
  }
  return longest;
}
