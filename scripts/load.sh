#!/usr/bin/env bash
# `make load-<name>`: runs the k6 script k6/<name>.js against a production build on loopback.
# Installs k6 (a pinned version, compiled from the Go module proxy: about 1.5 minutes on 2 cores) when
# $HOME/go/bin/k6 is missing; starts `node server.js` with a fresh DATA_DIR on SQLite, or on the MySQL
# database named by LOAD_DATABASE_URL (used as it is: the scripts make unique emails per run); waits
# for /api/v1/health; runs k6 with BASE_URL; stops the app and exits with k6's status.
# BCRYPT_COST (default 11), UV_THREADPOOL_SIZE (Node's default 4) and extra `k6 run` arguments after
# the name pass through. LOAD_SEED=N first inserts N published demo books (scripts/seed-demo.ts, into
# the same database and DATA_DIR, so their audio is served too) once the app answers. The S3 settings
# (STORAGE_DRIVER, S3_*), INFERENCE_URL and PIPELINE_* pass through to the app when set (make load
# sets them, see scripts/load-all.sh); LOAD_AUDIO and the first admin's credentials go to k6.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/node.sh
source scripts/node.sh

K6_MODULE=go.k6.io/k6
K6_VERSION=v1.8.1
K6="$HOME/go/bin/k6"

name="${1:?usage: scripts/load.sh <name> [k6 run arguments]   (runs k6/<name>.js)}"
shift
script="k6/$name.js"
[ -f "$script" ] || { echo "No load script $script." >&2; exit 2; }
[ -f build/handler.js ] || { echo "No production build in build/: run 'make build' first (make load-$name does)." >&2; exit 2; }

if [ ! -x "$K6" ]; then
	command -v go >/dev/null 2>&1 || { echo "Go is needed to build k6: apt-get install golang-go (or go.dev), then re-run." >&2; exit 2; }
	echo "Installing k6 $K6_VERSION into $HOME/go/bin (compiles from the Go module proxy)…"
	started=$SECONDS
	GOBIN="$HOME/go/bin" go install "$K6_MODULE@$K6_VERSION"
	echo "k6 installed in $((SECONDS - started)) s"
fi

data_dir="$(mktemp -d "${TMPDIR:-/tmp}/earshelf-load-XXXXXX")"
port="$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
base_url="http://127.0.0.1:$port"
log="$data_dir/server.log"
server_pid=""

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local status=$?
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid"
		wait "$server_pid" 2>/dev/null || true
	fi
	if [ "$status" -ne 0 ] && [ -s "$log" ]; then
		echo "--- last lines of the app's output ($log is removed now):" >&2
		tail -n 30 "$log" >&2
	fi
	rm -rf "$data_dir"
	exit "$status"
}
trap cleanup EXIT

app_env=()
for name in STORAGE_DRIVER S3_ENDPOINT S3_REGION S3_BUCKET S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY S3_FORCE_PATH_STYLE \
	INFERENCE_URL PIPELINE_RUNNER PIPELINE_POLL_MS PIPELINE_BACKOFF_MS PIPELINE_MAX_ATTEMPTS; do
	[ -n "${!name:-}" ] && app_env+=("$name=${!name}")
done

echo "Starting the production build on $base_url ($([ -n "${LOAD_DATABASE_URL:-}" ] && echo MySQL || echo SQLite), data in $data_dir)…"
env -i PATH="$PATH" HOME="$HOME" \
	NODE_ENV=production HOST=127.0.0.1 PORT="$port" ORIGIN="$base_url" \
	DATA_DIR="$data_dir" DATABASE_URL="${LOAD_DATABASE_URL:-sqlite:$data_dir/earshelf.db}" \
	BCRYPT_COST="${BCRYPT_COST:-11}" LOG_LEVEL=warn ${UV_THREADPOOL_SIZE:+UV_THREADPOOL_SIZE="$UV_THREADPOOL_SIZE"} \
	ADDRESS_HEADER=x-forwarded-for XFF_DEPTH=1 \
	RATE_LIMIT_IP_POINTS=100000 RATE_LIMIT_ACCOUNT_POINTS=100000 "${app_env[@]}" \
	node server.js >"$log" 2>&1 &
server_pid=$!

for _ in $(seq 1 300); do
	curl -fsS -o /dev/null "$base_url/api/v1/health" 2>/dev/null && break
	kill -0 "$server_pid" 2>/dev/null || { echo "The app exited before answering." >&2; exit 1; }
	sleep 0.1
done
curl -fsS -o /dev/null "$base_url/api/v1/health" || { echo "The app did not answer /api/v1/health within 30 s." >&2; exit 1; }

if [ -n "${LOAD_SEED:-}" ]; then
	echo "Seeding $LOAD_SEED published demo books…"
	if ! env -i PATH="$PATH" HOME="$HOME" DATA_DIR="$data_dir" "${app_env[@]}" \
		DATABASE_URL="${LOAD_DATABASE_URL:-sqlite:$data_dir/earshelf.db}" LOG_LEVEL=warn \
		node --import tsx scripts/seed-demo.ts "$LOAD_SEED" >"$data_dir/seed.log" 2>&1; then
		echo "Seeding failed:" >&2
		tail -n 20 "$data_dir/seed.log" >&2
		exit 1
	fi
	tr '\r' '\n' <"$data_dir/seed.log" | tail -n 1
fi

# The first admin's password is printed once, on the first start of an empty store.
admin_email="$(sed -n 's/^ *email: *//p' "$log" | head -n 1)"
admin_password="$(sed -n 's/^ *password: *//p' "$log" | head -n 1)"

status=0
"$K6" run --quiet -e BASE_URL="$base_url" -e ADMIN_EMAIL="$admin_email" -e ADMIN_PASSWORD="$admin_password" \
	${LOAD_AUDIO:+-e LOAD_AUDIO="$LOAD_AUDIO"} "$@" "$script" || status=$?
exit "$status"
