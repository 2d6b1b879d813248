#!/usr/bin/env bash
# Installs versitygw, the S3-compatible server the storage tests run against
# (tests/services/s3-server.ts), unless it is already there. Builds from the Go module proxy
# (about 1.5 minutes on 2 cores); needs Go 1.25+ (an older go fetches that toolchain itself
# through the module proxy when GOTOOLCHAIN=auto, the default).
set -euo pipefail

MODULE=github.com/versity/versitygw/cmd/versitygw
VERSION=v1.8.0

bin_dir="$(go env GOBIN 2>/dev/null || true)"
[ -n "$bin_dir" ] || bin_dir="$(go env GOPATH 2>/dev/null | cut -d: -f1)/bin"

if [ -x "$bin_dir/versitygw" ] || command -v versitygw >/dev/null 2>&1; then
	echo "versitygw already installed: $(command -v versitygw || echo "$bin_dir/versitygw")"
	exit 0
fi

if ! command -v go >/dev/null 2>&1; then
	echo "Go is needed to build versitygw: install Go (apt-get install golang-go, or go.dev) and re-run." >&2
	exit 1
fi

echo "Installing $MODULE@$VERSION into $bin_dir ..."
go install "$MODULE@$VERSION"
echo "Installed $bin_dir/versitygw"
