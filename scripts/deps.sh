#!/usr/bin/env bash
# Installs the Debian packages the build, the embedded platform and the tests need, when missing.
# Safe to run again: it only calls apt-get when a package is absent.
set -euo pipefail

PKGS=(
  build-essential pkg-config curl ca-certificates python3 jq bzip2 shared-mime-info
  nats-server libnats-dev libjansson-dev libpq-dev postgresql
  libcurl4-openssl-dev libcivetweb-dev libsodium-dev libjpeg62-turbo-dev libpng-dev
  libcairo2-dev libpango1.0-dev fonts-wqy-microhei poppler-utils
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
