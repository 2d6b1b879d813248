import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findWhisperFiles, type WhisperPrecision } from "./whisper.js";

const root = mkdtempSync(join(tmpdir(), "earshelf-whisper-files-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A model directory with these (empty) files: the choice is made by name alone. */
function dirWith(name: string, files: string[]): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const f of files) writeFileSync(join(dir, f), "");
  return dir;
}

const BOTH = ["base-encoder.onnx", "base-decoder.onnx", "base-encoder.int8.onnx", "base-decoder.int8.onnx", "base-tokens.txt"];

describe("findWhisperFiles", () => {
  it.each<[string, string[], WhisperPrecision, [string, string, string]]>([
    ["both precisions, int8 asked", BOTH, "int8", ["base-encoder.int8.onnx", "base-decoder.int8.onnx", "base-tokens.txt"]],
    ["both precisions, float32 asked", BOTH, "float32", ["base-encoder.onnx", "base-decoder.onnx", "base-tokens.txt"]],
    // sherpa-onnx's own exports name files this way too
    ["a sherpa-onnx export", ["small-encoder.int8.onnx", "small-decoder.int8.onnx", "small-tokens.txt"], "int8", ["small-encoder.int8.onnx", "small-decoder.int8.onnx", "small-tokens.txt"]],
  ])("%s", (name, files, precision, expected) => {
    const dir = dirWith(name.replace(/\W+/g, "-"), files);
    const found = findWhisperFiles(dir, precision);
    expect([found.encoder, found.decoder, found.tokens]).toEqual(expected.map((f) => join(dir, f)));
  });

  it.each<[string, string[], WhisperPrecision, RegExp]>([
    ["float32 only, int8 asked", ["base-encoder.onnx", "base-decoder.onnx", "base-tokens.txt"], "int8", /no \*encoder\.int8\.onnx in .*set ASR_PRECISION=float32/],
    ["int8 only, float32 asked", ["base-encoder.int8.onnx", "base-decoder.int8.onnx", "base-tokens.txt"], "float32", /no \*encoder\.onnx in .*set ASR_PRECISION=int8/],
    ["no tokens", ["base-encoder.onnx", "base-decoder.onnx"], "float32", /no \*tokens\.txt in/],
  ])("refuses %s, saying what to do", (name, files, precision, message) => {
    expect(() => findWhisperFiles(dirWith(`refuse-${name.replace(/\W+/g, "-")}`, files), precision)).toThrow(message);
  });

  it("says how to get models when the directory is missing", () => {
    expect(() => findWhisperFiles(join(root, "nowhere"), "int8")).toThrow(/does not exist: run `make models` or set ASR_MODEL_DIR/);
  });
});
