import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { createProviders } from "./index.js";

// Which server each kind of request goes to: no server is called here, the engines are HTTP clients.
describe("the openai provider's endpoints", () => {
  it.each([
    [{ OPENAI_BASE_URL: "http://llm:8080/v1" }, "llm:8080", "llm:8080"],
    [{ OPENAI_BASE_URL: "http://llm:8080/v1", OPENAI_ASR_BASE_URL: "http://asr:8000/v1" }, "llm:8080", "asr:8000"],
    [{ OPENAI_ASR_BASE_URL: "http://asr:8000/v1" }, null, "asr:8000"],
  ])("%j: chat at %s, transcription at %s", async (env, llmHost, asrHost) => {
    const providers = createProviders(loadConfig({ ...env, LOAD_MODELS: "lazy" }));
    expect(providers.status().providers).toEqual(["local", "openai"]);
    expect((await providers.asr("openai")).description).toContain(`OpenAI-compatible, ${asrHost}`);
    if (llmHost) expect((await providers.llm("openai")).description).toContain(`OpenAI-compatible, ${llmHost}`);
    else expect(() => providers.llm("openai")).toThrow(/provider "openai" is not configured for this: set OPENAI_BASE_URL/);
  });

  it("is off without a base URL", () => {
    const providers = createProviders(loadConfig({ LOAD_MODELS: "lazy" }));
    expect(providers.status().providers).toEqual(["local"]);
    expect(() => providers.asr("openai")).toThrow(/set OPENAI_ASR_BASE_URL or OPENAI_BASE_URL/);
  });
});
