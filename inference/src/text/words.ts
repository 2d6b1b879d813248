/** Words as strings, for the copy checks and word counts (segment.ts finds them, Thai included). */
import { words as wordSpans } from "./segment.js";

export function words(text: string): string[] {
  return wordSpans(text).map((s) => text.slice(s.start, s.end));
}

export function countWords(text: string): number {
  return wordSpans(text).length;
}
