#!/usr/bin/env bash
# `make test`: installs what the tests need, starts the services they share, runs every suite
# (unit, integration on SQLite and MariaDB, Playwright in Debian's Chromium) and ends with one
# "N passed, N failed" line. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/go/bin:$PATH"
# shellcheck source=scripts/node.sh
source scripts/node.sh || exit 1
mkdir -p .test
status=0
step() { echo; echo "==> $*"; }

step "System packages";   bash scripts/system-deps.sh || exit 1
step "npm dependencies";  bash scripts/deps.sh || exit 1
step "S3 server";         bash scripts/install-s3-server.sh || exit 1
if [ -f inference/scripts/models.sh ]; then
	step "Inference sidecar and default models"; make -s models || exit 1
fi
if [ -f inference/scripts/provider-servers.sh ]; then
	step "OpenAI-compatible servers for the provider tests"; bash inference/scripts/provider-servers.sh || exit 1
fi
step "Build";             { npx svelte-kit sync >/dev/null && npx vite build --logLevel warn; } || exit 1
step "MariaDB";           bash scripts/mariadb.sh || exit 1
step "Type check";        npx svelte-check --tsconfig ./tsconfig.json --threshold error --output machine | tail -3 || status=1
# The scripts tsx runs without checking: the benches and their workers, the eval, the sidecar.
step "Type check (bench, eval, sidecar)"
{ npx tsc --noEmit -p bench && npx tsc --noEmit -p eval && (cd inference && npx tsc --noEmit -p .); } || status=1
step "npm audit (production deps, high and critical)"; node scripts/audit.mjs || status=1

rm -f .test/vitest-results.json .test/inference-vitest.json .test/eval-vitest.json .test/playwright-results.json
step "Vitest (unit, sqlite, mysql)"
npx vitest run || status=1
step "Eval set and metrics (eval/: the passages load and check, WER and CER)"
npx vitest run --config eval/vitest.config.ts --reporter=default --reporter=json --outputFile.json="$PWD/.test/eval-vitest.json" || status=1
step "Inference sidecar (real models)"
(cd inference && npx vitest run --reporter=default --reporter=json --outputFile.json=../.test/inference-vitest.json) || status=1
if [ -f playwright.config.ts ]; then
	step "Playwright (Chromium $(chromium --version 2>/dev/null | awk '{print $2}'))"
	npx playwright test || status=1
fi

step "Summary"
node scripts/test-summary.mjs || status=1
exit $status
