"""Write int8 copies of the converted Whisper graphs: <name>-{encoder,decoder}.int8.onnx.

onnxruntime's dynamic quantisation: weights become int8 once, here; activations are
quantised at run time, per call. The encoder's linear layers (MatMul) are quantised;
in the decoder also the token embedding, which is both the input lookup (Gather) and
the output projection (Gemm) and is most of the decoder's bytes.

The output is byte-for-byte the same for the same input and the pinned onnxruntime,
onnx, protobuf and numpy (models.sh checks the sha256 of both files).
"""
import argparse
import logging
import os

from onnxruntime.quantization import QuantType, quantize_dynamic

OPS = {"encoder": ["MatMul"], "decoder": ["MatMul", "Gemm", "Gather"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", required=True, help="directory with <name>-encoder.onnx and <name>-decoder.onnx")
    parser.add_argument("--name", required=True, help="file prefix, e.g. base")
    args = parser.parse_args()
    # The quantiser suggests shape-inference pre-processing for static quantisation; not needed here.
    logging.getLogger().setLevel(logging.ERROR)
    for part, ops in OPS.items():
        prefix = os.path.join(args.dir, f"{args.name}-{part}")
        quantize_dynamic(model_input=f"{prefix}.onnx", model_output=f"{prefix}.int8.onnx", op_types_to_quantize=ops, weight_type=QuantType.QInt8)


if __name__ == "__main__":
    main()
