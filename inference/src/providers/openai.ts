import { SAMPLE_RATE } from "../asr/audio.js";
import type { AsrEngine } from "../asr/engine.js";
import type { CompletionRequest, LlmEngine } from "../llm/engine.js";

/**
 * An OpenAI-compatible HTTP provider: the same two interfaces as the local engines, so the chunker,
 * the checkpoints and the map-reduce stay ours and only recognition and completion go over the wire.
 * Tested against llama.cpp's server and faster-whisper-server (openai.spec.ts); written to the
 * subset that OpenAI, vLLM and Ollama accept as well.
 */
export interface OpenAiEndpoint {
  /** Including the version prefix, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1. */
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
  timeoutMs: number;
}

export interface OpenAiChatEndpoint extends OpenAiEndpoint {
  /** The chat model's context in tokens (the API does not say). */
  contextSize: number;
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

/** The variables behind a request, for messages: transcription may have its own server and key. */
function settingsFor(path: string) {
  return path.startsWith("/audio/")
    ? { baseUrl: "OPENAI_ASR_BASE_URL (or OPENAI_BASE_URL)", apiKey: "OPENAI_ASR_API_KEY (or OPENAI_API_KEY)" }
    : { baseUrl: "OPENAI_BASE_URL", apiKey: "OPENAI_API_KEY" };
}

/** What went wrong, and what the admin can do about it, for a status the server answered with. */
function statusProblem(status: number, endpoint: OpenAiEndpoint, path: string, url: string): string {
  const settings = settingsFor(path);
  if (status === 401 || status === 403) {
    return endpoint.apiKey
      ? `${new URL(url).origin} rejected the API key (${status}): check ${settings.apiKey}`
      : `${new URL(url).origin} wants an API key (${status}): set ${settings.apiKey}`;
  }
  // Most often the base URL lacks its version prefix; an unknown model is a 404 at OpenAI too.
  if (status === 404) return `${url} answered 404: check that ${settings.baseUrl} ends with the API prefix (usually /v1) and that the model "${endpoint.model}" exists there`;
  return `${url} answered ${status}`;
}

/** Error bodies are JSON ({error: {message}}, {detail}) or text; keep it short enough for a log line. */
function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; detail?: unknown; message?: unknown };
    const message = typeof body.error === "string" ? body.error : (body.error?.message ?? body.message ?? body.detail);
    if (message !== undefined) return (typeof message === "string" ? message : JSON.stringify(message)).slice(0, 300);
  } catch {
    // not JSON: the text itself
  }
  return text.replace(/\s+/g, " ").trim().slice(0, 300);
}

async function call(endpoint: OpenAiEndpoint, path: string, init: { body: BodyInit; json?: boolean }): Promise<unknown> {
  const url = `${endpoint.baseUrl.replace(/\/+$/, "")}${path}`;
  const headers: Record<string, string> = { accept: "application/json" };
  if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
  if (init.json) headers["content-type"] = "application/json";
  let res: Response;
  let text: string;
  try {
    // The timeout covers the body too: a server can send headers and then stall.
    const signal = AbortSignal.timeout(endpoint.timeoutMs);
    res = await fetch(url, { method: "POST", headers, body: init.body, signal });
    text = await res.text();
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === "TimeoutError") {
      throw new ProviderError(`${url} did not answer within ${endpoint.timeoutMs} ms: the server is overloaded or the model too slow; raise OPENAI_TIMEOUT_MS or use a smaller model`, true);
    }
    const reason = err.cause?.code ?? err.cause?.message ?? err.message;
    throw new ProviderError(`connection failed to ${url} (${reason}): is the server running, and is ${settingsFor(path).baseUrl} right?`, true);
  }
  if (!res.ok) {
    throw new ProviderError(`${statusProblem(res.status, endpoint, path, url)}: ${errorDetail(text)}`, res.status === 408 || res.status === 429 || res.status >= 500);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError(`${url} answered ${res.status} with something that is not JSON (is ${settingsFor(path).baseUrl} an OpenAI-compatible API?): ${errorDetail(text)}`, false);
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

export interface OpenAiAsrEndpoint extends OpenAiEndpoint {
  /**
   * Ask for `verbose_json` and use its phrase segments (OpenAI whisper-1, faster-whisper, vLLM);
   * off for models that only answer `json` (OpenAI's gpt-4o-transcribe): one segment a chunk.
   */
  segments: boolean;
}

export function createOpenAiAsr(endpoint: OpenAiAsrEndpoint): AsrEngine {
  const url = `${endpoint.baseUrl}/audio/transcriptions`;
  const post = (samples: Float32Array, responseFormat: "json" | "verbose_json", language: string | undefined) => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(encodeWav(samples))], { type: "audio/wav" }), "chunk.wav");
    form.append("model", endpoint.model);
    form.append("response_format", responseFormat);
    if (language) form.append("language", language);
    return call(endpoint, "/audio/transcriptions", { body: form }) as Promise<{ text?: unknown; segments?: unknown } | null>;
  };
  const textOf = (body: { text?: unknown } | null) => {
    if (typeof body?.text !== "string") throw new ProviderError(`${url} answered without a "text": ${JSON.stringify(body).slice(0, 200)}`, false);
    return body.text.trim();
  };
  const engine: AsrEngine = {
    description: `${endpoint.model} (OpenAI-compatible, ${new URL(endpoint.baseUrl).host})`,
    async recognize(samples, options) {
      return textOf(await post(samples, "json", options?.language));
    },
  };
  if (endpoint.segments) {
    engine.recognizeSegments = async (samples, options) => {
      const body = await post(samples, "verbose_json", options?.language);
      const text = textOf(body);
      const segments = Array.isArray(body?.segments) ? (body.segments as Array<{ start?: unknown; end?: unknown; text?: unknown }>) : [];
      const timed = segments.filter((s) => typeof s.start === "number" && typeof s.end === "number" && typeof s.text === "string");
      // A server may accept verbose_json yet leave out segments: the chunk is then one segment.
      if (timed.length === 0 || timed.length !== segments.length) return text ? [{ start: 0, end: samples.length / SAMPLE_RATE, text }] : [];
      return timed.map((s) => ({ start: s.start as number, end: s.end as number, text: (s.text as string).trim() })).filter((s) => s.text);
    };
  }
  return engine;
}

type JsonSchema = { [key: string]: unknown };

/**
 * The schema in the subset OpenAI accepts with `strict: true`: every object closed
 * (additionalProperties: false) with all its properties required, and no string length bounds
 * (OpenAI answers 400 to maxLength/minLength under strict). vLLM, Ollama and llama.cpp's server
 * take this form too; they constrain decoding to it whatever `strict` says.
 */
export function strictJsonSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "maxLength" || key === "minLength") continue;
    if (key === "properties" && value && typeof value === "object") {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, strictJsonSchema(sub as JsonSchema)]));
    } else if (key === "items" && value && typeof value === "object" && !Array.isArray(value)) {
      out.items = strictJsonSchema(value as JsonSchema);
    } else {
      out[key] = value;
    }
  }
  if (out.properties) {
    out.type = "object";
    out.additionalProperties = false;
    out.required = Object.keys(out.properties);
  }
  // OpenAI wants a type beside an enum; taxonomy names are strings.
  if (Array.isArray(out.enum) && out.type === undefined && out.enum.every((v) => typeof v === "string")) out.type = "string";
  return out;
}

export function createOpenAiLlm(endpoint: OpenAiChatEndpoint): LlmEngine {
  return {
    description: `${endpoint.model} (OpenAI-compatible, ${new URL(endpoint.baseUrl).host})`,
    device: "cpu",
    contextSize: endpoint.contextSize,
    // The remote tokenizer is unknown; ~3.5 characters a token errs on the side of smaller chunks.
    countTokens: (text) => Math.ceil(text.length / 3.5),
    async complete(request: CompletionRequest) {
      const url = `${endpoint.baseUrl}/chat/completions`;
      const body = (await call(endpoint, "/chat/completions", {
        json: true,
        body: JSON.stringify({
          model: endpoint.model,
          messages: [
            { role: "system", content: request.system },
            { role: "user", content: request.user },
          ],
          max_tokens: request.maxTokens,
          temperature: 0.2,
          // The summariser varies the seed per attempt so that a retry is a new draw (servers that ignore it just resample).
          seed: request.seed ?? 7,
          ...(request.jsonSchema
            ? { response_format: { type: "json_schema", json_schema: { name: "summary", strict: true, schema: strictJsonSchema(request.jsonSchema as JsonSchema) } } }
            : {}),
        }),
      })) as { choices?: Array<{ message?: { content?: unknown; refusal?: unknown } }> } | null;
      const message = body?.choices?.[0]?.message;
      if (typeof message?.refusal === "string" && message.refusal) throw new ProviderError(`${url}: the model refused: ${message.refusal.slice(0, 200)}`, false);
      if (typeof message?.content !== "string") throw new ProviderError(`${url} answered without a message: ${JSON.stringify(body).slice(0, 200)}`, false);
      return message.content;
    },
    async dispose() {},
  };
}
