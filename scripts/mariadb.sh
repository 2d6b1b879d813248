#!/usr/bin/env bash
# Starts a private MariaDB for the tests on 127.0.0.1:${TEST_MYSQL_PORT:-3307}, data under .test/mariadb.
# Idempotent: does nothing when it already answers. Installs mariadb-server from Debian when absent.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${TEST_MYSQL_PORT:-3307}"
DIR="$PWD/.test/mariadb"
SOCK="$DIR/mysqld.sock"

if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
	echo "Installing mariadb-server from Debian…"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
fi
MARIADBD="$(command -v mariadbd || echo /usr/sbin/mariadbd)"

ping() { mariadb-admin --protocol=tcp -h127.0.0.1 -P"$PORT" -uearshelf -pearshelf ping >/dev/null 2>&1; }
if ping; then echo "MariaDB already running on 127.0.0.1:$PORT"; exit 0; fi

mkdir -p "$DIR"
if [ ! -d "$DIR/data/mysql" ]; then
	mariadb-install-db --no-defaults --datadir="$DIR/data" --auth-root-authentication-method=socket \
		--user="$(id -un)" --skip-test-db >/dev/null
fi
"$MARIADBD" --no-defaults --datadir="$DIR/data" --socket="$SOCK" --port="$PORT" --bind-address=127.0.0.1 \
	--user="$(id -un)" --pid-file="$DIR/mysqld.pid" --log-error="$DIR/error.log" \
	--innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=2 --max-connections=500 \
	--character-set-server=utf8mb4 --collation-server=utf8mb4_bin --skip-log-bin >/dev/null 2>&1 &

for _ in $(seq 1 60); do
	if mariadb --no-defaults -uroot --socket="$SOCK" -e "SELECT 1" >/dev/null 2>&1; then break; fi
	sleep 0.5
done
mariadb --no-defaults -uroot --socket="$SOCK" <<SQL
CREATE USER IF NOT EXISTS 'earshelf'@'127.0.0.1' IDENTIFIED BY 'earshelf';
CREATE USER IF NOT EXISTS 'earshelf'@'localhost' IDENTIFIED BY 'earshelf';
GRANT ALL PRIVILEGES ON *.* TO 'earshelf'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO 'earshelf'@'localhost';
FLUSH PRIVILEGES;
SQL
ping || { echo "MariaDB did not start; see $DIR/error.log" >&2; tail -20 "$DIR/error.log" >&2; exit 1; }
echo "MariaDB running on 127.0.0.1:$PORT ($("$MARIADBD" --version | awk '{print $3}'))"
