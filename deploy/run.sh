#!/usr/bin/env bash
# The main job on its embedded default, from a fresh Debian 12 machine (as root): installs what
# is missing, builds, and assesses the sample fixtures, printing the derived results.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup-deps.sh
bash deploy/build.sh release
bin=build/release/sarcoma-adapter
for f in fixtures/reports/*.json; do
  [ -e "$f" ] || continue
  echo "== $f"
  "$bin" assess "$f" || true
done
