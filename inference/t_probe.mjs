import sherpa from "sherpa-onnx-node";
const dir = process.argv[2], name = process.argv[3];
const rec = new sherpa.OfflineRecognizer({
  featConfig: { sampleRate: 16000, featureDim: 80 },
  modelConfig: { whisper: { encoder: `${dir}/${name}-encoder.onnx`, decoder: `${dir}/${name}-decoder.onnx`, language: "en", task: "transcribe" },
    tokens: `${dir}/${name}-tokens.txt`, numThreads: 2, provider: "cpu", debug: 0 },
});
const wave = sherpa.readWave(process.argv[4]);
const t0 = Date.now();
const s = rec.createStream();
s.acceptWaveform({ sampleRate: wave.sampleRate, samples: wave.samples });
rec.decode(s);
const r = rec.getResult(s);
console.log(JSON.stringify(r.text), "ms", Date.now() - t0, "dur", wave.samples.length / wave.sampleRate);
