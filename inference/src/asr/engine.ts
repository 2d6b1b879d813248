/** What the transcription pipeline needs from a speech recogniser. */
export interface AsrEngine {
  /** e.g. "whisper-base (sherpa-onnx, cpu)" */
  readonly description: string;
  /** Transcribes up to ~29 s of 16 kHz mono audio. */
  recognize(samples: Float32Array, options?: { language?: string }): Promise<string>;
  /**
   * The same, split into timed phrases (seconds from the start of `samples`), for engines that
   * know where phrases begin. Without it, a chunk is one segment.
   */
  recognizeSegments?(samples: Float32Array, options?: { language?: string }): Promise<Segment[]>;
  /** The language used when a request names none; "" = detect it once per recording. */
  readonly defaultLanguage?: string;
  /**
   * For engines that can tell the language: recognises a chunk in the language it hears and says
   * which (null when the model cannot tell, e.g. an English-only Whisper).
   */
  recognizeDetecting?(samples: Float32Array): Promise<{ language: string | null; segments: Segment[] }>;
}

export interface Segment {
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
  text: string;
}

export interface TranscribedChunk {
  index: number;
  start: number;
  end: number;
  segments: Segment[];
  /** Seconds of compute spent on this chunk. */
  elapsed: number;
  /** The recording's language, the one this chunk was recognised in; null when unknown (not asked, not detectable). */
  language: string | null;
}
