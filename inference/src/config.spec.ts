import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

describe("API keys from files", () => {
  const dir = mkdtempSync(join(tmpdir(), "earshelf-config-"));
  const keyFile = join(dir, "key");
  writeFileSync(keyFile, "sk-from-file\n");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["OPENAI_API_KEY", { OPENAI_API_KEY_FILE: keyFile }, "sk-from-file"],
    ["OPENAI_ASR_API_KEY", { OPENAI_ASR_API_KEY_FILE: keyFile }, "sk-from-file"],
    ["OPENAI_API_KEY", { OPENAI_API_KEY: "sk-direct" }, "sk-direct"],
  ] as const)("%s from %j", (name, env, expected) => {
    expect(loadConfig(env)[name]).toBe(expected);
  });

  it.each([
    [{ OPENAI_API_KEY: "sk-direct", OPENAI_API_KEY_FILE: keyFile }, /set OPENAI_API_KEY or OPENAI_API_KEY_FILE, not both/],
    [{ OPENAI_API_KEY_FILE: join(dir, "missing") }, /OPENAI_API_KEY_FILE: cannot read .*missing/],
  ])("refuses %j", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
