import { SAMPLE_RATE } from "../asr/audio.js";
import type { AsrEngine } from "../asr/engine.js";
import type { CompletionRequest, LlmEngine } from "../llm/engine.js";

/**
 * An OpenAI-compatible HTTP provider: the same two interfaces as the local engines, so the chunker,
 * the checkpoints and the map-reduce stay ours and only recognition and completion go over the wire.
 * Works with OpenAI itself and with servers that speak its API (llama.cpp's server, vLLM, speaches…).
 */
export interface OpenAiConfig {
  /** Including the version prefix, e.g. https://api.openai.com/v1 or http://127.0.0.1:8000/v1. */
  baseUrl: string;
  apiKey: string | undefined;
  asrModel: string;
  llmModel: string;
  /** The chat model's context in tokens (the API does not say). */
  contextSize: number;
  timeoutMs: number;
  responseFormat: "json_schema" | "json_object";
}

export class ProviderError extends Error {
  override name = "ProviderError";
  constructor(
    message: string,
    /** Worth another try: unreachable, timeout, 429, 5xx. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

async function call(config: OpenAiConfig, path: string, init: { body: BodyInit; json?: boolean }): Promise<unknown> {
  const url = `${config.baseUrl.replace(/\/+$/, "")}${path}`;
  const headers: Record<string, string> = {};
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
  if (init.json) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers, body: init.body, signal: AbortSignal.timeout(config.timeoutMs) });
  } catch (e) {
    const timedOut = (e as Error).name === "TimeoutError";
    throw new ProviderError(`${timedOut ? "timeout" : "connection failed"}: ${new URL(url).origin}${new URL(url).pathname}`, true);
  }
  const text = await res.text();
  if (!res.ok) {
    throw new ProviderError(`${path} answered ${res.status}: ${text.slice(0, 300)}`, res.status === 429 || res.status >= 500);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError(`${path} answered with something that is not JSON: ${text.slice(0, 200)}`, false);
  }
}

/** 16-bit PCM mono WAV of float samples at 16 kHz. */
export function encodeWav(samples: Float32Array): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    data.writeInt16LE(Math.round(s < 0 ? s * 0x8000 : s * 0x7fff), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8);
  header.write("fmt ", 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

export function createOpenAiAsr(config: OpenAiConfig): AsrEngine {
  return {
    description: `${config.asrModel} (OpenAI-compatible, ${new URL(config.baseUrl).host})`,
    async recognize(samples, options) {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(encodeWav(samples))], { type: "audio/wav" }), "chunk.wav");
      form.append("model", config.asrModel);
      form.append("response_format", "json");
      if (options?.language) form.append("language", options.language);
      const body = (await call(config, "/audio/transcriptions", { body: form })) as { text?: unknown };
      if (typeof body.text !== "string") throw new ProviderError("/audio/transcriptions answered without a text", false);
      return body.text.trim();
    },
  };
}

export function createOpenAiLlm(config: OpenAiConfig): LlmEngine {
  return {
    description: `${config.llmModel} (OpenAI-compatible, ${new URL(config.baseUrl).host})`,
    device: "cpu",
    contextSize: config.contextSize,
    // The remote tokenizer is unknown; ~3.5 characters a token errs on the side of smaller chunks.
    countTokens: (text) => Math.ceil(text.length / 3.5),
    async complete(request: CompletionRequest) {
      const body = (await call(config, "/chat/completions", {
        json: true,
        body: JSON.stringify({
          model: config.llmModel,
          messages: [
            { role: "system", content: request.system },
            { role: "user", content: request.user },
          ],
          max_tokens: request.maxTokens,
          temperature: 0.2,
          seed: 7,
          ...(request.jsonSchema
            ? {
                response_format:
                  config.responseFormat === "json_schema"
                    ? { type: "json_schema", json_schema: { name: "summary", strict: true, schema: request.jsonSchema } }
                    : { type: "json_object", schema: request.jsonSchema },
              }
            : {}),
        }),
      })) as { choices?: Array<{ message?: { content?: unknown } }> };
      const content = body.choices?.[0]?.message?.content;
      if (typeof content !== "string") throw new ProviderError("/chat/completions answered without a message", false);
      return content;
    },
    async dispose() {},
  };
}
