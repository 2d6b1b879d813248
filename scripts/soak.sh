#!/usr/bin/env bash
# `make soak`: k6/soak.js (browsing, buying, consoles, uploads through the real pipeline) for
# SOAK_SECONDS (600 by default) against the production build on MariaDB and versitygw with the real
# inference sidecar, sampling both processes' RSS every SOAK_SAMPLE_SECONDS (5). Ends with the RSS
# slope of each (least squares over the second half, after warm-up) and fails when k6 saw any error
# or a slope is over SOAK_MAX_SLOPE_MB_PER_MIN (see the README's soak section for why 2).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/go/bin:$PATH"
# shellcheck source=scripts/node.sh
source scripts/node.sh
SECONDS_TO_RUN="${SOAK_SECONDS:-600}"
SAMPLE="${SOAK_SAMPLE_SECONDS:-5}"
LIMIT="${SOAK_MAX_SLOPE_MB_PER_MIN:-2}"
[ -f build/handler.js ] || { echo "No production build in build/: run 'make build' first (make soak does)." >&2; exit 2; }
[ -x "$HOME/go/bin/k6" ] || { echo "k6 is missing: make load-auth installs it (go install go.k6.io/k6@v1.8.1)." >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/earshelf-soak-XXXXXX")"
# shellcheck source=scripts/lib/services.sh
source scripts/lib/services.sh
trap 'stop_services; rm -rf "$work"' EXIT
start_stack
fresh_database "earshelf_soak_$$"
port="$(free_port)"
base_url="http://127.0.0.1:$port"
app_env=(NODE_ENV=production HOST=127.0.0.1 PORT="$port" ORIGIN="$base_url" DATA_DIR="$work/data" DATABASE_URL="$DATABASE_URL_NEW"
	STORAGE_DRIVER S3_ENDPOINT S3_REGION S3_BUCKET S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY S3_FORCE_PATH_STYLE INFERENCE_URL
	LOG_LEVEL=warn ADDRESS_HEADER=x-forwarded-for XFF_DEPTH=1 RATE_LIMIT_IP_POINTS=100000 RATE_LIMIT_ACCOUNT_POINTS=100000
	PIPELINE_POLL_MS=200)
for i in "${!app_env[@]}"; do
	[[ "${app_env[$i]}" == *=* ]] || app_env[i]="${app_env[$i]}=${!app_env[$i]}"
done
env -i PATH="$PATH" HOME="$HOME" "${app_env[@]}" node server.js >"$work/app.log" 2>&1 &
app_pid=$!
service_pids+=("$app_pid")
wait_http "$base_url/api/v1/health" 30 "$app_pid"
env -i PATH="$PATH" HOME="$HOME" "${app_env[@]}" node --import tsx scripts/seed-demo.ts "${SOAK_SEED:-500}" >"$work/seed.log" 2>&1
admin_email="$(sed -n 's/^ *email: *//p' "$work/app.log" | head -n 1)"
admin_password="$(sed -n 's/^ *password: *//p' "$work/app.log" | head -n 1)"

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
(
	started=$SECONDS
	while sleep "$SAMPLE"; do
		echo "$((SECONDS - started)),$(rss_kib "$app_pid")" >>"$work/app.rss"
		echo "$((SECONDS - started)),$(rss_kib "$SIDECAR_PID")" >>"$work/sidecar.rss"
	done
) &
sampler=$!
service_pids+=("$sampler")

echo "Soak: ${SECONDS_TO_RUN} s of mixed load on $base_url (app pid $app_pid, sidecar pid $SIDECAR_PID), RSS every ${SAMPLE} s…"
status=0
k6 run --quiet -e BASE_URL="$base_url" -e ADMIN_EMAIL="$admin_email" -e ADMIN_PASSWORD="$admin_password" \
	-e LOAD_AUDIO="$work/book.mp3" -e SOAK_SECONDS="$SECONDS_TO_RUN" k6/soak.js || status=$?
kill "$sampler" 2>/dev/null || true

echo
echo "Pipeline steps at the end (state counts from /metrics):"
curl -fsS "$base_url/metrics" | grep '^earshelf_pipeline_steps' | grep -v ' 0$' || true
echo
node scripts/rss-slope.mjs "$LIMIT" app="$work/app.rss" sidecar="$work/sidecar.rss" || status=1
[ "$status" -eq 0 ] && echo "soak: 0 errors, no RSS slope over $LIMIT MB/min" || echo "soak: FAILED (k6 errors or an RSS slope over $LIMIT MB/min)"
exit "$status"
