#!/usr/bin/env bash
# What `make eval` needs besides the app's build and the sidecar's models: the speech engines
# (espeak-ng, Debian's flite with its English voices) and ffmpeg for joining, noise and MP3.
# Installs only what is missing.
set -euo pipefail
need=()
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v flite >/dev/null 2>&1 || need+=(flite)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
if [ ${#need[@]} -gt 0 ]; then
	echo "Installing Debian packages for the eval: ${need[*]}"
	SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
