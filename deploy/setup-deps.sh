#!/usr/bin/env bash
# Installs the Debian 12 packages sarcoma-adapter needs to build and run; with --tests also what
# only the test suite needs (a browser for the review pages' browser test).
# Idempotent: does nothing when every package is already installed.
# Usage: deploy/setup-deps.sh [--tests]
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build ccache pkg-config git
  clang-14 libclang-rt-14-dev libfuzzer-14-dev
  libboost1.74-dev libboost-system1.74-dev
  rapidjson-dev libpugixml-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev libssl-dev zlib1g-dev prometheus-cpp-dev libmimalloc-dev
  ca-certificates curl
)
# chromium (Debian's, driven by puppeteer-core) runs the review pages' browser test; a font, or its
# renderer cannot draw text. Not needed to run the daemon.
if [ "${1:-}" = "--tests" ]; then build_packages+=(chromium fonts-dejavu-core); fi
# Node.js runs the third-party test peers (FHIR server, converters). The machine may already
# carry a newer Node with its own npm (e.g. from nodesource), which conflicts with Debian's
# npm package: only install Debian's when the commands are absent.
if ! command -v node >/dev/null 2>&1; then build_packages+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then build_packages+=(npm); fi

missing=()
for p in "${build_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup-deps: all ${#build_packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup-deps: missing packages (${missing[*]}); run as root or install them" >&2
  exit 1
fi

echo "setup-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
