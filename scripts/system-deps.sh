#!/usr/bin/env bash
# Debian packages used by the tests and the pipeline; installs only what is missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
{ command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; } || need+=(mariadb-server)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# Thai glyphs for the Playwright screenshots (Android phones bring Noto Sans Thai; Debian has none by default)
# and for the covers the server draws (sharp sets titles with fontconfig's fonts: Latin and Thai).
fc-list :lang=th 2>/dev/null | grep -q . || need+=(fonts-thai-tlwg)
fc-list :lang=en 2>/dev/null | grep -q . || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
	echo "Installing Debian packages: ${need[*]}"
	SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
