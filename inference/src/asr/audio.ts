import { spawn } from "node:child_process";

export const SAMPLE_RATE = 16_000;

/** Where audio comes from: a local file path or an http(s) URL (e.g. a presigned S3 GET). */
export type AudioSource = string;

export class AudioDecodeError extends Error {
  override name = "AudioDecodeError";
}

/**
 * Decodes any container/codec ffmpeg understands (mp3, m4a/aac, ogg/opus, wav, flac...)
 * to 16 kHz mono float32 PCM and yields it as it arrives, so a ten-hour book never sits
 * in memory whole. Rejects (after the last block) when ffmpeg fails.
 */
export async function* decodePcm(source: AudioSource, signal?: AbortSignal): AsyncGenerator<Float32Array> {
  const ffmpeg = spawn(
    process.env.FFMPEG_PATH ?? "ffmpeg",
    ["-nostdin", "-hide_banner", "-loglevel", "error", "-i", source, "-vn", "-ac", "1", "-ar", String(SAMPLE_RATE), "-f", "f32le", "pipe:1"],
    // Its own process group: a SIGTERM sent to the sidecar's whole group (a terminal, systemd, tini -g)
    // must not cut the decode of the chunk the sidecar is finishing on shutdown; `signal` still ends it.
    { stdio: ["ignore", "pipe", "pipe"], signal, detached: true },
  );
  let stderr = "";
  ffmpeg.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  const exited = new Promise<number | string | null>((resolve, reject) => {
    ffmpeg.once("error", (err) =>
      reject(
        (err as NodeJS.ErrnoException).code === "ENOENT"
          ? new AudioDecodeError("ffmpeg is not installed: apt-get install -y ffmpeg, or set FFMPEG_PATH")
          : err,
      ),
    );
    ffmpeg.once("close", (code, killedBy) => resolve(code ?? killedBy));
  });
  exited.catch(() => {}); // surfaced below; avoids an unhandled rejection while we are still reading

  // A float is 4 bytes; a network read may split one, so carry the remainder over.
  let carry: Buffer = Buffer.alloc(0);
  for await (const data of ffmpeg.stdout as AsyncIterable<Buffer>) {
    const bytes = carry.length ? Buffer.concat([carry, data]) : data;
    const usable = bytes.length - (bytes.length % 4);
    carry = bytes.subarray(usable);
    if (usable === 0) continue;
    // Copy: the Buffer may be a view into a shared pool with an unaligned offset.
    const block = new Float32Array(usable / 4);
    Buffer.from(block.buffer).set(bytes.subarray(0, usable));
    yield block;
  }
  const code = await exited;
  if (code !== 0) {
    throw new AudioDecodeError(`ffmpeg could not decode ${describe(source)} (exit ${code}): ${stderr.trim() || "no details"}`);
  }
}

/** Never echo a presigned URL's query string (it is a credential) into logs or errors. */
export function describe(source: AudioSource): string {
  try {
    const url = new URL(source);
    if (url.protocol === "http:" || url.protocol === "https:") return `${url.origin}${url.pathname}`;
  } catch {
    // not a URL: a local path
  }
  return source;
}
