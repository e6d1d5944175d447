#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine (as root): installs what is missing,
# builds the release and the ASan+UBSan variants, and runs every test (unit, golden, script,
# cross-checks against independent implementations, bounded fuzz runs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup-deps.sh --tests
# Node packages the tests use: an independent FHIR converter/validator, and Medplum as a real
# third-party FHIR server for the integration tests, puppeteer-core for the browser test (all pinned
# by package-lock.json; no browser download: it drives Debian's chromium).
export PUPPETEER_SKIP_DOWNLOAD=1
for dir in tests/node tests/fhir-server tests/web; do
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
done
bash deploy/build.sh release
ctest --test-dir build/release --output-on-failure -j2 --timeout 600
bash deploy/build.sh sanitize
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build/sanitize --output-on-failure -j2 --timeout 900
