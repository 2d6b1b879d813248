#!/usr/bin/env bash
# `make deploy`: the whole store on this machine with Docker Compose (docker-compose.yaml). Creates
# .env from .env.example with generated secrets when it is missing, starts the GPU profile when
# nvidia-smi sees a GPU (else the CPU profile), waits for GET /api/v1/ready and prints the address
# and how to read the first admin's password. The production models are fetched once beforehand with
# scripts/fetch-models.sh (see the README).
set -euo pipefail
cd "${0%/*}/.."

if ! command -v docker >/dev/null 2>&1; then
	echo "make deploy needs Docker with the compose plugin, and there is no docker command here." >&2
	echo "Install Docker Engine (https://docs.docker.com/engine/install/), then run make deploy again." >&2
	exit 2
fi
if ! docker compose version >/dev/null 2>&1; then
	echo "make deploy needs the Docker Compose plugin (docker compose): apt-get install docker-compose-plugin." >&2
	exit 2
fi
if ! docker info >/dev/null 2>&1; then
	echo "The Docker engine does not answer (docker info failed): start it (systemctl start docker) or add yourself to the docker group." >&2
	exit 2
fi

secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
if [ ! -f .env ]; then
	sed -e "s|^MYSQL_PASSWORD=.*|MYSQL_PASSWORD=$(secret)|" \
		-e "s|^MYSQL_ROOT_PASSWORD=.*|MYSQL_ROOT_PASSWORD=$(secret)|" \
		-e "s|^S3_SECRET_ACCESS_KEY=.*|S3_SECRET_ACCESS_KEY=$(secret)|" \
		-e "s|^ORIGIN=.*|ORIGIN=http://localhost:3000|" \
		.env.example >.env
	chmod 600 .env
	echo "Created .env with generated secrets (MySQL, S3). Set ORIGIN in it to the public https address before going live."
fi

if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
	profile=gpu
else
	profile=cpu
	echo "No NVIDIA GPU found (nvidia-smi): starting the CPU profile; transcription and summaries will be slow."
fi

echo "Building and starting the store (docker compose --profile $profile up -d --build)…"
docker compose --profile "$profile" up -d --build

port="$(sed -n 's/^PORT=//p' .env | tail -n 1)"
origin="$(sed -n 's/^ORIGIN=//p' .env | tail -n 1)"
ready="http://127.0.0.1:${port:-3000}/api/v1/ready"
echo "Waiting for $ready …"
for _ in $(seq 1 "${DEPLOY_WAIT_SECONDS:-300}"); do
	if curl -fsS "$ready" >/dev/null 2>&1; then
		echo
		echo "Earshelf is up at ${origin:-http://localhost:${port:-3000}} (readiness: $(curl -fsS "$ready"))"
		echo "Mail inbox (Mailpit): http://localhost:8025"
		echo "First admin: docker compose logs app | grep -A3 'First admin created'   (printed once, on the first start)"
		exit 0
	fi
	sleep 1
done
echo "The app did not become ready within ${DEPLOY_WAIT_SECONDS:-300} s. Look at: docker compose ps; docker compose logs app inference" >&2
exit 1
