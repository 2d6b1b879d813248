#!/usr/bin/env bash
# `make run`: start Earshelf on the embedded defaults (SQLite + local blobs under DATA_DIR) with the
# inference sidecar beside it. Honours PORT, DATA_DIR and DATABASE_URL. Migrations run at start; the
# first admin is printed once.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/node.sh
source scripts/node.sh
export PORT="${PORT:-3000}"
export DATA_DIR="${DATA_DIR:-$PWD/data}"
export ORIGIN="${ORIGIN:-http://localhost:$PORT}"
export INFERENCE_PORT="${INFERENCE_PORT:-3100}"
export INFERENCE_URL="${INFERENCE_URL:-http://127.0.0.1:$INFERENCE_PORT}"
mkdir -p "$DATA_DIR"

sidecar=""
if [ -f inference/src/server.ts ]; then
	echo "Starting the inference sidecar on 127.0.0.1:$INFERENCE_PORT (log: $DATA_DIR/inference.log)…"
	(cd inference && exec npx --no-install tsx src/server.ts) >>"$DATA_DIR/inference.log" 2>&1 &
	sidecar=$!
	trap '[ -n "$sidecar" ] && kill "$sidecar" 2>/dev/null' EXIT
fi

echo "Starting Earshelf on $ORIGIN (data in $DATA_DIR)…"
node server.js
