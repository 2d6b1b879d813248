#!/usr/bin/env bash
# `make load`: the k6 scripts auth, store and console (LOAD_SCRIPTS to pick) against the production
# build on MariaDB (scripts/mariadb.sh) and versitygw on loopback, each on a fresh database and with
# the real inference sidecar behind the pipeline, via scripts/load.sh. Store runs over 2,000 seeded
# books (LOAD_SEED). Prints k6's summary per script and fails when any threshold fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/go/bin:$PATH"
# shellcheck source=scripts/node.sh
source scripts/node.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/earshelf-loadall-XXXXXX")"
# shellcheck source=scripts/lib/services.sh
source scripts/lib/services.sh
trap 'stop_services; rm -rf "$work"' EXIT
start_stack
export LOAD_AUDIO="$work/book.mp3"
export PIPELINE_POLL_MS=200

failed=()
for name in ${LOAD_SCRIPTS:-auth store console}; do
	fresh_database "earshelf_load_${name}_$$"
	echo
	echo "=== load: $name (MariaDB, S3 on versitygw) ==="
	seed=""
	[ "$name" = store ] && seed="${LOAD_SEED:-2000}"
	LOAD_DATABASE_URL="$DATABASE_URL_NEW" LOAD_SEED="$seed" bash scripts/load.sh "$name" || failed+=("$name")
done

echo
if [ "${#failed[@]}" -gt 0 ]; then
	echo "load: thresholds failed in: ${failed[*]}"
	exit 1
fi
echo "load: every threshold held (${LOAD_SCRIPTS:-auth store console})"
