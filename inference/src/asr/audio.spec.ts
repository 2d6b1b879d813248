import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AudioDecodeError, decodePcm, describe as describeSource, SAMPLE_RATE } from "./audio.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "earshelf-audio-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function decodeAll(source: string) {
  let samples = 0;
  let peak = 0;
  for await (const block of decodePcm(source)) {
    samples += block.length;
    for (const v of block) peak = Math.max(peak, Math.abs(v));
  }
  return { seconds: samples / SAMPLE_RATE, peak };
}

describe("decodePcm", () => {
  // 3 s of a 44.1 kHz stereo tone in each container a publisher might upload.
  it.each([
    ["wav", ["-c:a", "pcm_s16le"]],
    ["mp3", ["-c:a", "libmp3lame"]],
    ["m4a", ["-c:a", "aac"]],
    ["ogg", ["-c:a", "libopus"]],
    ["flac", ["-c:a", "flac"]],
  ])("decodes %s to 16 kHz mono float32", async (ext, codec) => {
    const file = join(dir, `tone.${ext}`);
    execFileSync("ffmpeg", ["-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=3:sample_rate=44100", "-ac", "2", ...codec, file]);
    const { seconds, peak } = await decodeAll(file);
    expect(seconds).toBeGreaterThan(2.9);
    expect(seconds).toBeLessThan(3.1);
    expect(peak).toBeGreaterThan(0.05);
    expect(peak).toBeLessThanOrEqual(1.01);
  });

  it("rejects what is not audio, saying which file", async () => {
    const file = join(dir, "notes.txt");
    execFileSync("sh", ["-c", `echo not audio > ${file}`]);
    await expect(decodeAll(file)).rejects.toThrow(AudioDecodeError);
    await expect(decodeAll(file)).rejects.toThrow(/notes\.txt/);
  });
});

describe("describe", () => {
  it.each([
    ["https://bucket.s3.example/books/1.mp3?X-Amz-Signature=secret", "https://bucket.s3.example/books/1.mp3"],
    ["/var/media/1.mp3", "/var/media/1.mp3"],
  ])("%s -> %s", (source, shown) => expect(describeSource(source)).toBe(shown));
});
