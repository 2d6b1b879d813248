/** What the transcription pipeline needs from a speech recogniser. */
export interface AsrEngine {
  /** e.g. "whisper-base (sherpa-onnx, cpu)" */
  readonly description: string;
  /** Transcribes up to ~29 s of 16 kHz mono audio. */
  recognize(samples: Float32Array, options?: { language?: string }): Promise<string>;
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
}
