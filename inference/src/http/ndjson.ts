import type { ServerResponse } from "node:http";

/** Starts a newline-delimited JSON response; each event is one line, flushed as it is written. */
export function ndjson(res: ServerResponse) {
  res.writeHead(200, { "content-type": "application/x-ndjson", "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.flushHeaders();
  return {
    send(event: object) {
      if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(event)}\n`);
    },
    end() {
      if (!res.writableEnded) res.end();
    },
  };
}

export type Ndjson = ReturnType<typeof ndjson>;
