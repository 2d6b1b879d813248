/**
 * The inference sidecar's HTTP surface: its own process (`npm start`), so a model crash or a GPU
 * restart never takes the store down. Long work streams NDJSON events; the app checkpoints each
 * chunk as it arrives and resumes with startChunk, so a dropped connection loses one chunk at most.
 *
 *   GET  /health         {status, models, device, providers, inFlight}
 *   POST /v1/transcribe  {audio:{url}|{path}, startChunk, provider?, language?} -> log | progress | chunk | done | error
 *   POST /v1/summarize   {transcript, taxonomy:[{slug,name}], mapResults?, provider?} -> log | map | result | error
 *   POST /v1/chapter-title {text, language, index, taken, neighbours, generation, provider?} -> log | title | error
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { z } from "zod";
import { loadConfig } from "./config.js";
import { handleSummarize, SummarizeRequest } from "./http/summarize.js";
import { handleTranscribe, TranscribeRequest } from "./http/transcribe.js";
import { ChapterTitleRequest, handleChapterTitle } from "./http/title.js";
import { ndjson, type Ndjson } from "./http/ndjson.js";
import { ProviderError } from "./providers/openai.js";
import { createProviders } from "./providers/index.js";

const MAX_BODY_BYTES = 8 * 1024 * 1024;

const config = loadConfig();
const providers = createProviders(config);
if (config.LOAD_MODELS === "eager") providers.preload();
let inFlight = 0;
/** Aborted on SIGTERM: streams stop at their next chunk or part boundary and say so (retryable). */
const draining = new AbortController();

/** One line per event on stdout, for operators (and the fault tests, which read the chunk indexes). */
const log = (line: string) => process.stdout.write(`[inference] ${line}\n`);

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error(`the body is over ${MAX_BODY_BYTES} bytes`), { status: 413 });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw Object.assign(new Error("the body is not valid JSON"), { status: 400 });
  }
}

async function stream<S extends z.ZodType>(
  req: IncomingMessage,
  res: ServerResponse,
  schema: S,
  handler: (input: z.infer<S>, out: Ndjson, signal: AbortSignal, draining: AbortSignal) => Promise<void>,
) {
  if (draining.signal.aborted) return sendJson(res, 503, { error: { code: "unavailable", message: "the sidecar is shutting down: retry on another one or after it restarts" } });
  const parsed = schema.safeParse(await readBody(req));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return sendJson(res, 400, { error: { code: "invalid_input", message: `${issue?.path.join(".") || "body"}: ${issue?.message}` } });
  }
  // The app hung up (it was stopped, or its lease ran out): stop decoding and recognising at once.
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const out = ndjson(res);
  inFlight++;
  try {
    await handler(parsed.data, out, controller.signal, draining.signal);
  } catch (e) {
    if (!controller.signal.aborted) {
      const err = e as Error;
      log(`error ${err.name}: ${err.message}`);
      // During shutdown a failure may be ours (a decoder caught by the group's SIGTERM as it was
      // spawned): the caller should retry elsewhere or after the restart, not give the step up.
      out.send(
        draining.signal.aborted
          ? { type: "error", message: `the sidecar is shutting down (${err.message})`, retryable: true }
          : { type: "error", message: err.message, retryable: err instanceof ProviderError ? err.transient : false },
      );
    }
  } finally {
    inFlight--;
    out.end();
  }
}

const server = createServer(async (req, res) => {
  try {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/health") return sendJson(res, 200, { status: "ok", ...providers.status(), inFlight });
    if (req.method === "POST" && path === "/v1/transcribe") return await stream(req, res, TranscribeRequest, (input, out, signal, stop) => handleTranscribe(input, providers, out, signal, log, stop));
    if (req.method === "POST" && path === "/v1/summarize") return await stream(req, res, SummarizeRequest, (input, out, signal, stop) => handleSummarize(input, providers, out, signal, log, stop));
    if (req.method === "POST" && path === "/v1/chapter-title") return await stream(req, res, ChapterTitleRequest, (input, out, signal) => handleChapterTitle(input, providers, out, signal, log));
    sendJson(res, 404, { error: { code: "not_found", message: `no route ${req.method} ${path}` } });
  } catch (e) {
    const status = (e as { status?: number }).status ?? 500;
    if (!res.headersSent) sendJson(res, status, { error: { code: status === 500 ? "internal" : "invalid_input", message: (e as Error).message } });
    else res.destroy();
  }
});

server.listen(config.INFERENCE_PORT, config.INFERENCE_HOST, () => {
  log(`listening on http://${config.INFERENCE_HOST}:${config.INFERENCE_PORT}`);
});

/**
 * SIGTERM: take no new work, let each stream reach its next chunk or part boundary (the app has stored
 * everything before it and resumes after it elsewhere or after the restart), then exit. Streams still
 * running after INFERENCE_SHUTDOWN_SECONDS are cut; the app redoes only their unfinished chunk.
 */
async function shutdown(signal: string) {
  if (draining.signal.aborted) return;
  draining.abort();
  log(`${signal}: stopping; ${inFlight} request(s) in flight finish their current chunk`);
  server.close();
  server.closeIdleConnections();
  const deadline = Date.now() + config.INFERENCE_SHUTDOWN_SECONDS * 1000;
  while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (inFlight > 0) log(`abandoning ${inFlight} request(s) after ${config.INFERENCE_SHUTDOWN_SECONDS} s`);
  server.closeAllConnections();
  await providers.dispose().catch(() => {});
  log("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
