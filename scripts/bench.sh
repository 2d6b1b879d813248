#!/usr/bin/env bash
# `make bench`: runs the benches in bench/, each a bench/<name>.ts that starts what it measures, prints
# its ratios against a baseline measured in the same run and writes bench/results/<name>.json.
# Runs every bench/*.ts in name order, or only those named: `scripts/bench.sh auth store` or
# BENCH="auth store" make bench. Needs the production build (make bench builds it first).
# A ratio below its goal is reported, not fatal (timings on shared machines are noisy); set
# BENCH_STRICT=1 to exit non-zero then too.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/node.sh
source scripts/node.sh

if [ ! -f build/handler.js ]; then
	echo "No production build in build/: run 'make bench' (it builds first) or 'make build'." >&2
	exit 1
fi

names=("$@")
if [ ${#names[@]} -eq 0 ] && [ -n "${BENCH:-}" ]; then read -r -a names <<<"$BENCH"; fi
if [ ${#names[@]} -eq 0 ]; then
	for file in bench/*.ts; do names+=("$(basename "$file" .ts)"); done
fi

mkdir -p bench/results
failed=()
for name in "${names[@]}"; do
	if [ ! -f "bench/$name.ts" ]; then
		echo "No bench named '$name': expected bench/$name.ts." >&2
		failed+=("$name")
		continue
	fi
	echo "=== bench/$name.ts"
	start=$SECONDS
	if npx tsx "bench/$name.ts"; then
		echo "=== bench/$name.ts done in $((SECONDS - start)) s"
	else
		failed+=("$name")
	fi
done

if [ ${#failed[@]} -gt 0 ]; then
	echo "Benches that failed: ${failed[*]}" >&2
	exit 1
fi
