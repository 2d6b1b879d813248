#!/usr/bin/env bash
# Makes sure node-llama-cpp has a working llama.cpp binary on this machine.
#
# The npm package ships prebuilt binaries (@node-llama-cpp/linux-x64 etc.);
# its own postinstall is denied in package.json so `npm ci` never starts a
# surprise multi-minute compile. Here we run node-llama-cpp's binary self-test
# without building; only if that fails do we compile llama.cpp from the source
# bundle inside the npm package (llama/gitRelease.bundle, no network needed)
# and keep the result in a cache keyed by node-llama-cpp version and platform,
# so the next `npm ci` restores it instead of compiling again.
set -euo pipefail

INFERENCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${INFERENCE_CACHE_DIR:-$INFERENCE_DIR/.cache}"
PKG_DIR="$INFERENCE_DIR/node_modules/node-llama-cpp"
log() { printf '[llama-runtime] %s\n' "$*" >&2; }

[[ -d "$PKG_DIR" ]] || { log "node-llama-cpp is not installed: run npm ci in $INFERENCE_DIR first"; exit 1; }
VERSION="$(node -p "require('$PKG_DIR/package.json').version")"
KEY="$VERSION-$(node -p 'process.platform + "-" + process.arch')"
LOCAL_BUILDS="$PKG_DIR/llama/localBuilds"
CACHED_BUILDS="$CACHE_DIR/llama-cpp/$KEY/localBuilds"

if [[ ! -d "$LOCAL_BUILDS" && -d "$CACHED_BUILDS" ]]; then
  log "restoring the llama.cpp build for $KEY from $CACHED_BUILDS"
  mkdir -p "$(dirname "$LOCAL_BUILDS")"
  cp -a "$CACHED_BUILDS" "$LOCAL_BUILDS"
fi

self_test() { (cd "$INFERENCE_DIR" && node scripts/llama-selftest.mjs); }

if result="$(self_test 2>&1)"; then
  log "node-llama-cpp $VERSION: $result"
  exit 0
fi
log "node-llama-cpp $VERSION: no working binary ($result)"
log "building llama.cpp from the bundled source; this takes several minutes on 2 cores"
started=$SECONDS
(cd "$INFERENCE_DIR" && npx --no-install node-llama-cpp source download --gpu false --noUsageExample)
log "built in $((SECONDS - started)) s"
self_test >&2
rm -rf "$CACHED_BUILDS"
mkdir -p "$(dirname "$CACHED_BUILDS")"
cp -a "$LOCAL_BUILDS" "$CACHED_BUILDS"
log "cached the build in $CACHED_BUILDS"
