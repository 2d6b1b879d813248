#!/usr/bin/env bash
# npm ci in the app (or in the folder given, e.g. `scripts/deps.sh inference`) when node_modules is
# missing, older than package.json or package-lock.json, or was installed for another Node ABI; a fast
# no-op otherwise. The stamp records the ABI (process.versions.modules) so that a change of Node
# reinstalls: native addons such as better-sqlite3 load only under the ABI they were built for.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/node.sh
source scripts/node.sh
cd "${1:-.}"
stamp=node_modules/.earshelf-installed
runtime="$(node -p '`node ABI ${process.versions.modules} ${process.platform}-${process.arch}`')"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ] || [ "$(cat "$stamp")" != "$runtime" ]; then
	echo "Installing npm dependencies in ${1:-the app} for Node $(node -v) ($runtime)…"
	npm ci --no-audit --no-fund --loglevel=error
	printf '%s\n' "$runtime" >"$stamp"
fi
