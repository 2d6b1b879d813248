import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AsrEngine, TranscribedChunk } from "./engine.js";
import { transcribe } from "./transcribe.js";

/*
 * The language rules of transcribe(), with an engine that records what it was asked: the audio is
 * real (ffmpeg decodes it, the chunker cuts it) but recognition is not, so this runs in a second.
 * 12 s of silence, then 48 s of tone with a pause at 38 s: chunk 0 is silent, chunks 1 and 2 "speak".
 */
let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "earshelf-transcribe-"));
  file = join(dir, "book.wav");
  const tone = "sin(2*PI*440*t)*0.3*(between(t\\,12\\,38)+between(t\\,38.4\\,60))";
  execFileSync("ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", `aevalsrc=${tone}:s=16000:d=60`, "-ac", "1", file]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Call {
  kind: "detect" | "recognize";
  language?: string;
}

/** An engine that hears `spoken` when asked to detect and records every call. */
function fakeEngine(spoken: string | null, defaultLanguage?: string, canDetect = true): { engine: AsrEngine; calls: Call[] } {
  const calls: Call[] = [];
  const engine: AsrEngine = {
    description: "fake",
    defaultLanguage,
    async recognize(_samples, options) {
      calls.push({ kind: "recognize", language: options?.language });
      return `text in ${options?.language}`;
    },
    ...(canDetect && {
      async recognizeDetecting() {
        calls.push({ kind: "detect" });
        return { language: spoken, segments: [{ start: 0, end: 1, text: `detected ${spoken}` }] };
      },
    }),
  };
  return { engine, calls };
}

async function run(engine: AsrEngine, options: { language?: string; startChunk?: number } = {}): Promise<TranscribedChunk[]> {
  const chunks = [];
  for await (const chunk of transcribe(engine, file, options)) chunks.push(chunk);
  return chunks;
}

describe("the book's language", () => {
  it("is detected once, from the first chunk with speech, and every later chunk is recognised in it", async () => {
    const { engine, calls } = fakeEngine("th");
    const chunks = await run(engine, { language: "" });
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(chunks[0]!.segments).toEqual([]); // silence is not sent to the engine
    expect(calls).toEqual([{ kind: "detect" }, { kind: "recognize", language: "th" }]);
    expect(chunks[1]!.segments.map((s) => s.text)).toEqual(["detected th"]); // the detecting decode is the chunk's transcript
    expect(chunks.map((c) => c.language)).toEqual([null, "th", "th"]);
  });

  it("comes from the same first chunk when a job resumes after it", async () => {
    const { engine, calls } = fakeEngine("th");
    const chunks = await run(engine, { language: "", startChunk: 2 });
    expect(chunks.map((c) => [c.index, c.language])).toEqual([[2, "th"]]);
    expect(calls).toEqual([{ kind: "detect" }, { kind: "recognize", language: "th" }]);
  });

  it.each([
    ["the request's language", { language: "de" }, undefined, "de"],
    ["the engine's default when the request names none", {}, "en", "en"],
  ])("is %s, without detection", async (_name, options, defaultLanguage, expected) => {
    const { engine, calls } = fakeEngine("th", defaultLanguage);
    const chunks = await run(engine, options);
    expect(calls.every((c) => c.kind === "recognize" && c.language === expected)).toBe(true);
    expect(chunks.map((c) => c.language)).toEqual([expected, expected, expected]);
  });

  it("is the engine's default detection when that is empty", async () => {
    const { engine, calls } = fakeEngine("th", "");
    await run(engine);
    expect(calls[0]).toEqual({ kind: "detect" });
  });

  it("is unknown for an engine that cannot detect: it gets an empty language and decides per chunk", async () => {
    const { engine, calls } = fakeEngine(null, undefined, false);
    const chunks = await run(engine, { language: "" });
    expect(calls).toEqual([
      { kind: "recognize", language: "" },
      { kind: "recognize", language: "" },
    ]);
    expect(chunks.map((c) => c.language)).toEqual([null, null, null]);
  });
});
