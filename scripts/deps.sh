#!/usr/bin/env bash
# npm ci when node_modules is missing or older than package-lock.json (fast no-op otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.earshelf-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
	echo "Installing npm dependencies…"
	npm ci --no-audit --no-fund --loglevel=error
	touch "$stamp"
fi
