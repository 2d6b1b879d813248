import { describe, expect, it } from "vitest";
import { TranscribeRequest } from "./transcribe.js";

// sherpa-onnx ends the process on a language it has no token for: such a request must stop here.
describe("TranscribeRequest language", () => {
  const audio = { path: "/tmp/book.mp3" };

  it.each([["th"], ["en"], [""], [undefined]])("accepts %j", (language) => {
    expect(TranscribeRequest.safeParse({ audio, language }).success).toBe(true);
  });

  it.each([["xx"], ["thai"], ["EN"]])("refuses %j, naming the valid forms", (language) => {
    const parsed = TranscribeRequest.safeParse({ audio, language });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/not a Whisper language code: use e\.g\. "en" or "th", or "" to detect/);
  });
});
