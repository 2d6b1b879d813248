import { spawn } from "node:child_process";
import { z } from "zod";
import { describe as describeSource } from "../asr/audio.js";
import { isWhisperLanguage } from "../asr/language.js";
import { transcribe } from "../asr/transcribe.js";
import type { Providers } from "../providers/index.js";
import type { Ndjson } from "./ndjson.js";

export const TranscribeRequest = z.object({
  audio: z.union([z.object({ url: z.url({ protocol: /^https?$/ }) }), z.object({ path: z.string().min(1) })]),
  startChunk: z.number().int().min(0).default(0),
  provider: z.enum(["local", "openai"]).default("local"),
  /** ISO code of the book's language, "" to detect it (once, from the first chunk with speech); default ASR_LANGUAGE. */
  language: z
    .string()
    .refine((code) => code === "" || isWhisperLanguage(code), { message: 'not a Whisper language code: use e.g. "en" or "th", or "" to detect' })
    .optional(),
});
export type TranscribeRequest = z.infer<typeof TranscribeRequest>;

/** Typical chunk length for the progress estimate (the chunker cuts between 10 and 28 s, mostly late). */
const TYPICAL_CHUNK_SECONDS = 25;

/** Duration in seconds (ffprobe), or null when unknown; a URL is probed with ranged reads. */
export function probeDuration(source: string, signal: AbortSignal): Promise<number | null> {
  return new Promise((resolve) => {
    const probe = spawn(process.env.FFPROBE_PATH ?? "ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", source], {
      stdio: ["ignore", "pipe", "ignore"],
      signal,
    });
    let out = "";
    probe.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    probe.on("error", () => resolve(null));
    probe.on("close", (code) => {
      const seconds = Number.parseFloat(out.trim());
      resolve(code === 0 && Number.isFinite(seconds) ? seconds : null);
    });
  });
}

/**
 * Streams a transcription: log lines, one `chunk` per finished chunk (the caller's checkpoint, with
 * the book's `language` as known so far: null before the first chunk with speech when detecting),
 * `progress` after each, then `done` (with the book's `language`, null when unknown) or `error`; when
 * the sidecar shuts down, a retryable `error` right after the chunk in progress. Chunks before
 * startChunk are cut but not recognised.
 */
export async function handleTranscribe(
  req: TranscribeRequest,
  providers: Providers,
  out: Ndjson,
  signal: AbortSignal,
  log: (line: string) => void,
  draining: AbortSignal = new AbortController().signal,
) {
  const source = "url" in req.audio ? req.audio.url : req.audio.path;
  const engine = await providers.asr(req.provider);
  const duration = await probeDuration(source, signal);
  const estimate = duration === null ? null : Math.max(1, Math.ceil(duration / TYPICAL_CHUNK_SECONDS));
  log(`transcribe start startChunk=${req.startChunk} source=${describeSource(source)} provider=${req.provider}`);
  out.send({ type: "log", level: "info", message: `transcribing ${duration === null ? "audio of unknown length" : `${Math.round(duration)} s of audio`} with ${engine.description}, from chunk ${req.startChunk}` });
  const began = performance.now();
  let audioDone = 0;
  let language: string | null = null;
  for await (const chunk of transcribe(engine, source, { startChunk: req.startChunk, language: req.language, signal })) {
    // The caller hung up while this chunk was being recognised (native code cannot be interrupted):
    // it was never delivered, so it is not logged as transcribed; the caller resumes at this index.
    if (signal.aborted) {
      log(`chunk ${chunk.index} abandoned: the caller hung up`);
      return;
    }
    if (chunk.language !== language) {
      language = chunk.language;
      log(`language ${language}`);
      out.send({ type: "log", level: "info", message: `language: ${language}` });
    }
    audioDone += chunk.end - chunk.start;
    const elapsed = (performance.now() - began) / 1000;
    const speed = elapsed > 0 ? audioDone / elapsed : 0;
    log(`chunk ${chunk.index} transcribed ${chunk.start.toFixed(1)}-${chunk.end.toFixed(1)} s in ${chunk.elapsed.toFixed(2)} s`);
    out.send({ type: "chunk", index: chunk.index, start: chunk.start, end: chunk.end, segments: chunk.segments, language: chunk.language });
    const chunks = estimate === null ? null : Math.max(estimate, chunk.index + 1);
    const remaining = duration === null ? null : Math.max(0, duration - chunk.end);
    out.send({
      type: "progress",
      chunk: chunk.index + 1,
      chunks,
      speed: Number(speed.toFixed(2)),
      etaSeconds: remaining === null || speed === 0 ? null : Math.round(remaining / speed),
    });
    if (draining.aborted) {
      log(`transcribe stopped after chunk ${chunk.index}: shutting down`);
      out.send({ type: "error", message: `the sidecar is shutting down: resume from chunk ${chunk.index + 1}`, retryable: true });
      return;
    }
  }
  log(`transcribe done in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  out.send({ type: "done", language });
}
