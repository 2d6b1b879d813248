import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AsrEngine } from "../asr/engine.js";
import type { Providers } from "../providers/index.js";
import type { Ndjson } from "./ndjson.js";
import { handleTranscribe, TranscribeRequest } from "./transcribe.js";

// sherpa-onnx ends the process on a language it has no token for: such a request must stop here.
describe("TranscribeRequest language", () => {
  const audio = { path: "/tmp/book.mp3" };

  it.each([["th"], ["en"], [""], [undefined]])("accepts %j", (language) => {
    expect(TranscribeRequest.safeParse({ audio, language }).success).toBe(true);
  });

  it.each([["xx"], ["thai"], ["EN"]])("refuses %j, naming the valid forms", (language) => {
    const parsed = TranscribeRequest.safeParse({ audio, language });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/not a Whisper language code: use e\.g\. "en" or "th", or "" to detect/);
  });
});

describe("the transcribe stream", () => {
  it("reports the detected language on the chunks and in done", async () => {
    const dir = mkdtempSync(join(tmpdir(), "earshelf-transcribe-http-"));
    try {
      // 12 s of silence, then 20 s of tone: chunk 0 silent, chunk 1 "speech".
      const file = join(dir, "book.wav");
      execFileSync("ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "aevalsrc=sin(2*PI*440*t)*0.3*gte(t\\,12):s=16000:d=32", file]);
      const engine: AsrEngine = {
        description: "fake",
        defaultLanguage: "",
        recognize: async () => "",
        recognizeDetecting: async () => ({ language: "th", segments: [{ start: 0, end: 1, text: "สวัสดีค่ะ" }] }),
      };
      const events: Array<Record<string, unknown>> = [];
      const out = { send: (e: object) => events.push(e as Record<string, unknown>), end() {} } as Ndjson;
      const providers = { asr: async () => engine } as unknown as Providers;
      const request = TranscribeRequest.parse({ audio: { path: file } });
      await handleTranscribe(request, providers, out, new AbortController().signal, () => {});
      expect(events.filter((e) => e.type === "chunk").map((e) => e.language)).toEqual([null, "th"]);
      expect(events.at(-1)).toEqual({ type: "done", language: "th" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
