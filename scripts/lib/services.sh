# shellcheck shell=bash
# Shared by scripts/load-all.sh and scripts/soak.sh: the production services on loopback, each in
# the caller's scratch folder $work, stopped by stop_services (call it from the caller's EXIT trap).
# Sourced, not run. Needs: $work set; the sidecar's models (make models). start_stack starts the rest.

: "${work:?set work to a scratch folder before sourcing scripts/lib/services.sh}"
service_pids=()
service_dbs=()
MYSQL_BASE_URL="${LOAD_MYSQL_URL:-mysql://earshelf:earshelf@127.0.0.1:3307}"

free_port() {
	node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"
}

# wait_http URL SECONDS PID: until URL answers 2xx, or fail when PID exits or time runs out.
wait_http() {
	local url="$1" seconds="$2" pid="$3"
	for _ in $(seq 1 $((seconds * 5))); do
		curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || { echo "the process behind $url exited" >&2; return 1; }
		sleep 0.2
	done
	echo "$url did not answer within $seconds s" >&2
	return 1
}

# fresh_database NAME: creates it (utf8mb4_bin, as the app's migrations expect) and sets DATABASE_URL_NEW
# (not printed: a command substitution's subshell would forget to drop it at the end).
fresh_database() {
	local name="$1" url
	url="$(node -e "const u = new URL(process.argv[1]); console.log([u.hostname, u.port || 3306, decodeURIComponent(u.username), decodeURIComponent(u.password)].join(' '))" "$MYSQL_BASE_URL")"
	read -r host port user password <<<"$url"
	mariadb --protocol=tcp -h"$host" -P"$port" -u"$user" -p"$password" \
		-e "CREATE DATABASE \`$name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" >&2
	service_dbs+=("$host $port $user $password $name")
	# shellcheck disable=SC2034 # read by the scripts that source this file
	DATABASE_URL_NEW="$MYSQL_BASE_URL/$name"
}

# start_s3: versitygw (posix backend under $work/s3) with one bucket; exports the app's S3 settings.
start_s3() {
	local port
	port="$(free_port)"
	mkdir -p "$work/s3"
	S3_SECRET_ACCESS_KEY="$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')"
	export STORAGE_DRIVER=s3 S3_ENDPOINT="http://127.0.0.1:$port" S3_REGION=us-east-1 S3_BUCKET=earshelf-load \
		S3_ACCESS_KEY_ID="load-$RANDOM" S3_SECRET_ACCESS_KEY S3_FORCE_PATH_STYLE=true
	versitygw --port "127.0.0.1:$port" --access "$S3_ACCESS_KEY_ID" --secret "$S3_SECRET_ACCESS_KEY" --region "$S3_REGION" \
		--quiet posix "$work/s3" >"$work/s3.log" 2>&1 &
	service_pids+=($!)
	for _ in $(seq 1 75); do curl -s -o /dev/null "$S3_ENDPOINT" && break; sleep 0.2; done
	node --input-type=module -e "
		import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
		const s3 = new S3Client({ endpoint: process.env.S3_ENDPOINT, region: process.env.S3_REGION, forcePathStyle: true,
			credentials: { accessKeyId: process.env.S3_ACCESS_KEY_ID, secretAccessKey: process.env.S3_SECRET_ACCESS_KEY } });
		await s3.send(new CreateBucketCommand({ Bucket: process.env.S3_BUCKET }));"
	echo "S3 (versitygw) on $S3_ENDPOINT, bucket $S3_BUCKET" >&2
}

# start_sidecar: the inference sidecar with its default models; exports INFERENCE_URL and SIDECAR_PID.
start_sidecar() {
	local port health
	port="$(free_port)"
	(cd inference && exec env -i PATH="$PATH" HOME="$HOME" INFERENCE_HOST=127.0.0.1 INFERENCE_PORT="$port" \
		node --import tsx src/server.ts) >"$work/sidecar.log" 2>&1 &
	SIDECAR_PID=$!
	service_pids+=("$SIDECAR_PID")
	export INFERENCE_URL="http://127.0.0.1:$port" SIDECAR_PID
	for _ in $(seq 1 600); do
		# Both models: they load side by side, and either may finish first.
		health="$(curl -fsS "$INFERENCE_URL/health" 2>/dev/null || true)"
		grep -q '"llm":{"loaded":true' <<<"$health" && grep -q '"asr":{"loaded":true' <<<"$health" && break
		kill -0 "$SIDECAR_PID" 2>/dev/null || { echo "the sidecar exited:" >&2; tail -n 20 "$work/sidecar.log" >&2; return 1; }
		sleep 0.2
	done
	curl -fsS "$INFERENCE_URL/health" | grep -q '"asr":{"loaded":true' || { echo "the sidecar did not load its models (make models)" >&2; return 1; }
	echo "sidecar on $INFERENCE_URL" >&2
}

# speech_mp3 FILE: a few seconds of speech (espeak-ng, then ffmpeg), for uploads the pipeline transcribes.
speech_mp3() {
	espeak-ng -s 165 -w "$1.wav" "Chapter one. The keeper of the lighthouse counted the ships that passed the rocks at night, and wrote their names in a blue notebook."
	ffmpeg -loglevel error -y -i "$1.wav" -ac 1 -ar 22050 -b:a 64k "$1"
	rm -f "$1.wav"
}

# start_stack: what every load run stands on: MariaDB (scripts/mariadb.sh), versitygw (installed when
# missing) with a bucket, the sidecar, and a short speech MP3 at $work/book.mp3.
start_stack() {
	command -v versitygw >/dev/null 2>&1 || bash scripts/install-s3-server.sh
	bash scripts/mariadb.sh
	start_s3
	start_sidecar
	speech_mp3 "$work/book.mp3"
}

stop_services() {
	local pid db
	for pid in "${service_pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${service_pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	for db in "${service_dbs[@]}"; do
		read -r host port user password name <<<"$db"
		mariadb --protocol=tcp -h"$host" -P"$port" -u"$user" -p"$password" -e "DROP DATABASE IF EXISTS \`$name\`" 2>/dev/null || true
	done
}
