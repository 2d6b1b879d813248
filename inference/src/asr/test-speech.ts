import { execFileSync } from "node:child_process";
import { join } from "node:path";

/** Test speech shared by the engine and provider tests: about 45 s of espeak-ng, two or three chunks. */
export const SENTENCES = [
  "The old lighthouse keeper climbed the stairs every evening to light the lamp.",
  "Ships passing in the night depended on that small bright flame.",
  "One winter a storm broke the window at the top of the tower.",
  "He repaired it with wood from a broken boat and kept the light burning until morning.",
  "The villagers never forgot his courage and told the story to their children.",
  "Years later a new electric lamp replaced the flame, but the keeper still climbed the stairs.",
  "He said that a light is only as good as the person who watches over it.",
];
export const REFERENCE = SENTENCES.join(" ");

/** Writes `dir/book.wav` and returns its path. */
export function speakBook(dir: string): string {
  const file = join(dir, "book.wav");
  // A pause between sentences, as a narrator would leave.
  execFileSync("espeak-ng", ["-v", "en-us", "-s", "160", "-w", file, SENTENCES.join(" ... ")]);
  return file;
}

export function audioDuration(file: string): number {
  const out = execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file], { encoding: "utf8" });
  return Number(out.trim());
}
