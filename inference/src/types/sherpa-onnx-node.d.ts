// The subset of sherpa-onnx-node (which ships no typings) that the sidecar uses.
declare module "sherpa-onnx-node" {
  interface Waveform {
    samples: Float32Array;
    sampleRate: number;
  }
  interface OfflineRecognizerResult {
    text: string;
    tokens?: string[];
    timestamps?: number[];
    lang?: string;
    /** With whisper.enableSegmentTimestamps: phrases and their times in seconds. */
    segment_texts?: string[];
    segment_timestamps?: number[];
    segment_durations?: number[];
  }
  interface OfflineStream {
    acceptWaveform(wave: Waveform): void;
  }
  class OfflineRecognizer {
    constructor(config: object);
    static createAsync(config: object): Promise<OfflineRecognizer>;
    createStream(): OfflineStream;
    decode(stream: OfflineStream): void;
    decodeAsync(stream: OfflineStream): Promise<OfflineRecognizerResult>;
    getResult(stream: OfflineStream): OfflineRecognizerResult;
  }
  const version: string;
  function readWave(path: string): Waveform;
  const sherpa: { OfflineRecognizer: typeof OfflineRecognizer; version: string; readWave: typeof readWave };
  export default sherpa;
  export { OfflineRecognizer, OfflineStream, OfflineRecognizerResult, version, readWave };
}
