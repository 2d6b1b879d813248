"""Convert a CTranslate2 Whisper checkpoint into sherpa-onnx's Whisper layout.

Input: a directory with model.bin, vocabulary.txt and config.json as
faster-whisper ships them (float16 or float32 weights).
Output: <prefix>-encoder.onnx, <prefix>-decoder.onnx and <prefix>-tokens.txt.

The graphs are built directly with the onnx helper API, so no PyTorch is
needed at setup time. Their contract is the one sherpa-onnx's
OfflineWhisperModel expects:
  encoder: mel [N, n_mels, T] -> n_layer_cross_k, n_layer_cross_v
  decoder: tokens [N, n], in_n_layer_self_{k,v}_cache [L, N, n_text_ctx, D],
           n_layer_cross_{k,v}, offset [1]
           -> logits [N, n, V], out_n_layer_self_{k,v}_cache
and the encoder carries the tokenizer facts as metadata.

sherpa-onnx only hands the cross-attention tensors from the encoder to the
decoder, never looks inside, so they are laid out for the decoder rather than
as [L, N, T/2, D]: keys as [L, N, D, T/2] (per head [dh, T/2], ready for
q @ k) and values as [L, N, H * T/2, dh] (per head [T/2, dh]). The head split
then happens once per chunk in the encoder instead of at every decoded token,
where it was the largest cost of a decoder step.
"""
import argparse
import base64
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ct2_reader import read_ct2_model  # noqa: E402

OPSET = 17
NEG_INF = -1e9


class Graph:
    """A tiny builder: every call appends one node and returns its output name."""

    def __init__(self, weights):
        self.weights = weights
        self.nodes = []
        self.initializers = {}
        self.counter = 0

    def fresh(self, hint):
        self.counter += 1
        return f"{hint}_{self.counter}"

    def op(self, op_type, inputs, hint=None, n_out=1, **attrs):
        outputs = [self.fresh(hint or op_type.lower()) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outputs, **attrs))
        return outputs if n_out > 1 else outputs[0]

    def const(self, value, name=None, dtype=np.float32):
        name = name or self.fresh("const")
        if name not in self.initializers:
            self.initializers[name] = numpy_helper.from_array(np.asarray(value, dtype=dtype), name)
        return name

    def ints(self, values):
        return self.const(values, dtype=np.int64)

    def weight(self, key, transform=None):
        """A checkpoint tensor as float32, stored once under its own name."""
        name = key.replace("/", ".") + (".t" if transform == "T" else "")
        if name not in self.initializers:
            value = self.weights[key].astype(np.float32)
            if transform == "T":
                value = np.ascontiguousarray(value.T)
            self.initializers[name] = numpy_helper.from_array(value, name)
        return name

    def weight_slice(self, key, start, stop, transposed):
        """Rows [start, stop) of a fused projection (CTranslate2 fuses q/k/v)."""
        suffix = f".{start}_{stop}" + (".t" if transposed else "")
        name = key.replace("/", ".") + suffix
        if name not in self.initializers:
            value = self.weights[key][start:stop].astype(np.float32)
            if transposed:
                value = np.ascontiguousarray(value.T)
            self.initializers[name] = numpy_helper.from_array(value, name)
        return name

    # -- layers -------------------------------------------------------------

    def linear(self, x, prefix, rows=None):
        w_key, b_key = f"{prefix}/weight", f"{prefix}/bias"
        if rows is None:
            y = self.op("MatMul", [x, self.weight(w_key, "T")])
            return self.op("Add", [y, self.weight(b_key)]) if b_key in self.weights else y
        start, stop = rows
        y = self.op("MatMul", [x, self.weight_slice(w_key, start, stop, True)])
        if b_key in self.weights:
            y = self.op("Add", [y, self.weight_slice(b_key, start, stop, False)])
        return y

    def layer_norm(self, x, prefix):
        return self.op(
            "LayerNormalization",
            [x, self.weight(f"{prefix}/gamma"), self.weight(f"{prefix}/beta")],
            axis=-1,
            epsilon=1e-5,
        )

    def gelu(self, x):
        # Exact GELU, as Whisper uses: 0.5 * x * (1 + erf(x / sqrt(2))).
        scaled = self.op("Mul", [x, self.const(1 / np.sqrt(2))])
        erf = self.op("Erf", [scaled])
        one_plus = self.op("Add", [erf, self.const(1.0)])
        half_x = self.op("Mul", [x, self.const(0.5)])
        return self.op("Mul", [half_x, one_plus])

    def split_heads(self, x, n_heads):
        # [N, T, D] -> [N, H, T, D/H]
        shaped = self.op("Reshape", [x, self.ints([0, 0, n_heads, -1])])
        return self.op("Transpose", [shaped], perm=[0, 2, 1, 3])

    def merge_heads(self, x):
        moved = self.op("Transpose", [x], perm=[0, 2, 1, 3])
        return self.op("Reshape", [moved, self.ints([0, 0, -1])])

    def attention(self, q, k, v, n_heads, head_dim, mask=None):
        kh, vh = self.split_heads(k, n_heads), self.split_heads(v, n_heads)
        return self.attention_heads(q, self.op("Transpose", [kh], perm=[0, 1, 3, 2]), vh, n_heads, head_dim, mask)

    def attention_heads(self, q, kt, vh, n_heads, head_dim, mask=None):
        """q [N, n, D] against keys already split per head and transposed, kt [N, H, dh, T], and values vh [N, H, T, dh]."""
        qh = self.split_heads(q, n_heads)
        scores = self.op("MatMul", [qh, kt])
        scores = self.op("Mul", [scores, self.const(1 / np.sqrt(head_dim))])
        if mask is not None:
            scores = self.op("Add", [scores, mask])
        probs = self.op("Softmax", [scores], axis=-1)
        return self.merge_heads(self.op("MatMul", [probs, vh]))

    def mlp(self, x, prefix):
        h = self.layer_norm(x, f"{prefix}/layer_norm")
        h = self.gelu(self.linear(h, f"{prefix}/linear_0"))
        return self.op("Add", [x, self.linear(h, f"{prefix}/linear_1")])

    def stack(self, tensors, hint):
        expanded = [self.op("Unsqueeze", [t, self.ints([0])]) for t in tensors]
        return self.op("Concat", expanded, hint=hint, axis=0)

    def model(self, inputs, outputs, name, metadata=None):
        graph = helper.make_graph(self.nodes, name, inputs, outputs, list(self.initializers.values()))
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = 8
        for key, value in (metadata or {}).items():
            entry = model.metadata_props.add()
            entry.key, entry.value = key, str(value)
        return model


def build_encoder(w, dims):
    g = Graph(w)
    d, heads = dims["d"], dims["encoder_heads"]
    x = g.op("Conv", ["mel", g.weight("encoder/conv1/weight"), g.weight("encoder/conv1/bias")], pads=[1, 1])
    x = g.gelu(x)
    x = g.op("Conv", [x, g.weight("encoder/conv2/weight"), g.weight("encoder/conv2/bias")], pads=[1, 1], strides=[2])
    x = g.gelu(x)
    x = g.op("Transpose", [x], perm=[0, 2, 1])
    # Chunks shorter than 30 s give fewer frames: use only that many positions.
    n_frames = g.op("Gather", [g.op("Shape", [x]), g.ints([1])], axis=0)
    positions = g.op("Slice", [g.weight("encoder/position_encodings/encodings"), g.ints([0]), n_frames, g.ints([0])])
    x = g.op("Add", [x, positions])
    for i in range(dims["encoder_layers"]):
        p = f"encoder/layer_{i}"
        h = g.layer_norm(x, f"{p}/self_attention/layer_norm")
        fused = f"{p}/self_attention/linear_0"
        q, k, v = (g.linear(h, fused, (j * d, (j + 1) * d)) for j in range(3))
        a = g.attention(q, k, v, heads, d // heads)
        x = g.op("Add", [x, g.linear(a, f"{p}/self_attention/linear_1")])
        x = g.mlp(x, f"{p}/ffn")
    audio = g.layer_norm(x, "encoder/layer_norm")
    cross_k, cross_v = [], []
    dh = d // dims["decoder_heads"]
    for i in range(dims["decoder_layers"]):
        kv = f"decoder/layer_{i}/attention/linear_1"
        # [N, T, D] -> keys [N, D, T] (= [N, H, dh, T]), values [N, H * T, dh] (= [N, H, T, dh]).
        k = g.op("Reshape", [g.linear(audio, kv, (0, d)), g.ints([0, 0, dims["decoder_heads"], dh])])
        cross_k.append(g.op("Reshape", [g.op("Transpose", [k], perm=[0, 2, 3, 1]), g.ints([0, d, -1])]))
        v = g.op("Reshape", [g.linear(audio, kv, (d, 2 * d)), g.ints([0, 0, dims["decoder_heads"], dh])])
        cross_v.append(g.op("Reshape", [g.op("Transpose", [v], perm=[0, 2, 1, 3]), g.ints([0, -1, dh])]))
    g.nodes.append(helper.make_node("Identity", [g.stack(cross_k, "k")], ["n_layer_cross_k"]))
    g.nodes.append(helper.make_node("Identity", [g.stack(cross_v, "v")], ["n_layer_cross_v"]))
    inputs = [helper.make_tensor_value_info("mel", TensorProto.FLOAT, ["N", dims["n_mels"], "T"])]
    outputs = [
        helper.make_tensor_value_info("n_layer_cross_k", TensorProto.FLOAT, [dims["decoder_layers"], "N", d, "T2"]),
        helper.make_tensor_value_info("n_layer_cross_v", TensorProto.FLOAT, [dims["decoder_layers"], "N", "HT2", dh]),
    ]
    return g, inputs, outputs


def build_decoder(w, dims):
    g = Graph(w)
    d, heads, ctx = dims["d"], dims["decoder_heads"], dims["n_text_ctx"]
    offset = g.op("Squeeze", ["offset", g.ints([0])])
    n_new = g.op("Gather", [g.op("Shape", ["tokens"]), g.ints([1])], axis=0)
    end = g.op("Add", ["offset", n_new])  # [1]
    x = g.op("Gather", [g.weight("decoder/embeddings/weight"), "tokens"], axis=0)
    positions = g.op("Slice", [g.weight("decoder/position_encodings/encodings"), "offset", end, g.ints([0])])
    x = g.op("Add", [x, positions])

    # Causal mask over the cache: query at absolute position offset+i may see keys 0..offset+i.
    end_scalar = g.op("Squeeze", [end, g.ints([0])])
    q_pos = g.op("Range", [offset, end_scalar, g.const(1, dtype=np.int64)])
    k_pos = g.op("Range", [g.const(0, dtype=np.int64), end_scalar, g.const(1, dtype=np.int64)])
    future = g.op("Greater", [g.op("Unsqueeze", [k_pos, g.ints([0])]), g.op("Unsqueeze", [q_pos, g.ints([1])])])
    mask = g.op("Where", [future, g.const(NEG_INF), g.const(0.0)])

    new_k_caches, new_v_caches = [], []
    for i in range(dims["decoder_layers"]):
        p = f"decoder/layer_{i}"
        h = g.layer_norm(x, f"{p}/self_attention/layer_norm")
        fused = f"{p}/self_attention/linear_0"
        q, k, v = (g.linear(h, fused, (j * d, (j + 1) * d)) for j in range(3))
        visible = []
        for new, cache_name, sink in ((k, "in_n_layer_self_k_cache", new_k_caches), (v, "in_n_layer_self_v_cache", new_v_caches)):
            cache = g.op("Gather", [cache_name, g.const(i, dtype=np.int64)], axis=0)  # [N, ctx, D]
            before = g.op("Slice", [cache, g.ints([0]), "offset", g.ints([1])])
            after = g.op("Slice", [cache, end, g.ints([ctx]), g.ints([1])])
            updated = g.op("Concat", [before, new, after], axis=1)
            sink.append(updated)
            visible.append(g.op("Slice", [updated, g.ints([0]), end, g.ints([1])]))
        a = g.attention(q, visible[0], visible[1], heads, d // heads, mask)
        x = g.op("Add", [x, g.linear(a, f"{p}/self_attention/linear_1")])

        h = g.layer_norm(x, f"{p}/attention/layer_norm")
        q = g.linear(h, f"{p}/attention/linear_0")
        ck = g.op("Gather", ["n_layer_cross_k", g.const(i, dtype=np.int64)], axis=0)  # [N, D, T]
        cv = g.op("Gather", ["n_layer_cross_v", g.const(i, dtype=np.int64)], axis=0)  # [N, H * T, dh]
        kt = g.op("Reshape", [ck, g.ints([0, heads, d // heads, -1])])
        vh = g.op("Reshape", [cv, g.ints([0, heads, -1, d // heads])])
        a = g.attention_heads(q, kt, vh, heads, d // heads)
        x = g.op("Add", [x, g.linear(a, f"{p}/attention/linear_2")])
        x = g.mlp(x, f"{p}/ffn")

    x = g.layer_norm(x, "decoder/layer_norm")
    # Logits reuse the embedding matrix (Gemm with transB) instead of storing a transposed copy.
    flat = g.op("Reshape", [x, g.ints([-1, d])])
    scores = g.op("Gemm", [flat, g.weight("decoder/embeddings/weight")], transB=1)
    logits_shape = g.op("Concat", [g.op("Slice", [g.op("Shape", [x]), g.ints([0]), g.ints([2])]), g.ints([-1])], axis=0)
    g.nodes.append(helper.make_node("Reshape", [scores, logits_shape], ["logits"]))
    g.nodes.append(helper.make_node("Identity", [g.stack(new_k_caches, "k")], ["out_n_layer_self_k_cache"]))
    g.nodes.append(helper.make_node("Identity", [g.stack(new_v_caches, "v")], ["out_n_layer_self_v_cache"]))

    L = dims["decoder_layers"]
    cache_shape = [L, "N", ctx, d]
    inputs = [
        helper.make_tensor_value_info("tokens", TensorProto.INT64, ["N", "n"]),
        helper.make_tensor_value_info("in_n_layer_self_k_cache", TensorProto.FLOAT, cache_shape),
        helper.make_tensor_value_info("in_n_layer_self_v_cache", TensorProto.FLOAT, cache_shape),
        helper.make_tensor_value_info("n_layer_cross_k", TensorProto.FLOAT, [L, "N", d, "T2"]),
        helper.make_tensor_value_info("n_layer_cross_v", TensorProto.FLOAT, [L, "N", "HT2", d // heads]),
        helper.make_tensor_value_info("offset", TensorProto.INT64, [1]),
    ]
    outputs = [
        helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", "n", dims["n_vocab"]]),
        helper.make_tensor_value_info("out_n_layer_self_k_cache", TensorProto.FLOAT, cache_shape),
        helper.make_tensor_value_info("out_n_layer_self_v_cache", TensorProto.FLOAT, cache_shape),
    ]
    return g, inputs, outputs


def byte_decoder():
    """Inverse of GPT-2's byte-to-printable-character table used by Whisper's BPE."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + extra)
            extra += 1
    return {chr(c): b for b, c in zip(printable, chars)}


def tokenizer_facts(vocabulary):
    ids = {token: i for i, token in enumerate(vocabulary)}
    eot = ids["<|endoftext|>"]
    languages = [
        (t[2:-2], i)
        for t, i in ids.items()
        if i > eot and t.startswith("<|") and t.endswith("|>") and t[2:-2].isalpha() and t[2:-2].islower() and len(t) <= 7
    ]
    languages.sort(key=lambda pair: pair[1])
    multilingual = len(vocabulary) >= 51865
    sot = ids["<|startoftranscript|>"]
    transcribe = ids["<|transcribe|>"]
    sot_sequence = [sot, languages[0][1], transcribe] if multilingual else [sot]
    return {
        "eot": eot,
        "sot": sot,
        "sot_index": 0,
        "sot_sequence": ",".join(map(str, sot_sequence)),
        "all_language_tokens": ",".join(str(i) for _, i in languages),
        "all_language_codes": ",".join(code for code, _ in languages),
        "transcribe": transcribe,
        "translate": ids["<|translate|>"],
        "sot_prev": ids["<|startofprev|>"],
        "sot_lm": ids["<|startoflm|>"],
        "no_speech": ids.get("<|nospeech|>", ids.get("<|nocaptions|>")),
        "no_timestamps": ids["<|notimestamps|>"],
        "blank_id": ids["Ġ"],
        "is_multilingual": int(multilingual),
    }


def write_tokens(vocabulary, eot, path):
    decode = byte_decoder()
    with open(path, "w", encoding="utf-8") as out:
        for i, token in enumerate(vocabulary[:eot]):
            if not token:  # HF pads the multilingual vocabulary with one empty entry
                continue
            raw = bytes(decode[c] for c in token)
            out.write(f"{base64.b64encode(raw).decode('ascii')} {i}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ct2-dir", required=True, help="directory with model.bin, vocabulary.txt, config.json")
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--name", required=True, help="file prefix and model_type suffix, e.g. base or tiny.en")
    args = parser.parse_args()

    model = read_ct2_model(os.path.join(args.ct2_dir, "model.bin"))
    if model["spec"] != "WhisperSpec":
        raise SystemExit(f"{args.ct2_dir}/model.bin is a {model['spec']}, not a Whisper checkpoint")
    w = model["variables"]
    with open(os.path.join(args.ct2_dir, "vocabulary.txt"), encoding="utf-8") as f:
        vocabulary = f.read().split("\n")
    n_vocab, d = w["decoder/embeddings/weight"].shape
    vocabulary = vocabulary[:n_vocab]
    dims = {
        "d": int(d),
        "n_vocab": int(n_vocab),
        "n_mels": int(w["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(w["encoder/position_encodings/encodings"].shape[0]),
        "n_text_ctx": int(w["decoder/position_encodings/encodings"].shape[0]),
        "encoder_heads": int(w["encoder/num_heads"]),
        "decoder_heads": int(w["decoder/num_heads"]),
        "encoder_layers": sum(1 for k in w if k.startswith("encoder/layer_") and k.endswith("ffn/linear_0/weight")),
        "decoder_layers": sum(1 for k in w if k.startswith("decoder/layer_") and k.endswith("ffn/linear_0/weight")),
    }
    facts = tokenizer_facts(vocabulary)
    metadata = {
        "model_type": f"whisper-{args.name}",
        "version": "1",
        "maintainer": "earshelf (converted from CTranslate2)",
        "n_mels": dims["n_mels"],
        "n_audio_ctx": dims["n_audio_ctx"],
        "n_audio_state": d,
        "n_audio_head": dims["encoder_heads"],
        "n_audio_layer": dims["encoder_layers"],
        "n_vocab": n_vocab,
        "n_text_ctx": dims["n_text_ctx"],
        "n_text_state": d,
        "n_text_head": dims["decoder_heads"],
        "n_text_layer": dims["decoder_layers"],
        **facts,
    }
    os.makedirs(args.out_dir, exist_ok=True)
    prefix = os.path.join(args.out_dir, args.name)
    for part, build, meta in (("encoder", build_encoder, metadata), ("decoder", build_decoder, None)):
        g, inputs, outputs = build(w, dims)
        onnx_model = g.model(inputs, outputs, f"whisper_{part}", meta)
        onnx.checker.check_model(onnx_model)
        onnx.save(onnx_model, f"{prefix}-{part}.onnx")
    write_tokens(vocabulary, facts["eot"], f"{prefix}-tokens.txt")
    print(json.dumps({"dims": dims, "eot": facts["eot"], "languages": len(facts["all_language_codes"].split(","))}))


if __name__ == "__main__":
    main()
