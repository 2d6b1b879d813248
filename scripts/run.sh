#!/usr/bin/env bash
# `make run`: start Earshelf on the embedded defaults (SQLite + local blobs under DATA_DIR).
# Honours PORT, DATA_DIR and DATABASE_URL. Migrations run at start; the first admin is printed once.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT="${PORT:-3000}"
export DATA_DIR="${DATA_DIR:-$PWD/data}"
export ORIGIN="${ORIGIN:-http://localhost:$PORT}"
mkdir -p "$DATA_DIR"
echo "Starting Earshelf on $ORIGIN (data in $DATA_DIR)…"
exec node server.js
