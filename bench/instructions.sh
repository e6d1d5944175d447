#!/usr/bin/env bash
# Instructions per input line of `batch -j 1`, counted by callgrind: deterministic, so a change of
# a few percent shows even on a shared VM whose timings move by ±10% between runs. The count is
# (instructions for N lines - instructions for an empty file) / N, so start-up (loading the rule
# tables) is left out. Not time: valgrind counts a `rep movs/stos` byte by byte, and SHA-1 runs
# its portable rounds under valgrind (no SHA extensions), so memcpy/memset and derive weigh more
# here than on the processor. Used for the before/after table in docs/PERFORMANCE.md.
#   bash bench/instructions.sh                       (the release build; N=300 lines per corpus)
#   BEFORE=/path/to/older/sarcoma-adapter bash bench/instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-300}"
command -v valgrind >/dev/null ||
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }
bash deploy/build.sh release >/dev/null
after=build/release/adapter/sarcoma-adapter
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: >"$work/empty.ndjson"

count() {  # binary file -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" batch "$2" -o "$work/out.ndjson" -j 1 \
    --recorded 2026-01-01T00:00:00Z 2>&1 | sed -n 's/.*Collected : //p'
}
per_line() {  # binary file -> instructions per line
  local base total
  base=$(count "$1" "$work/empty.ndjson")
  total=$(count "$1" "$2")
  echo $(((total - base) / N))
}

if [ -n "${BEFORE:-}" ]; then
  echo "| corpus | before | after | change |"
  echo "|---|---|---|---|"
else
  echo "| corpus | instructions per line |"
  echo "|---|---|"
fi
for kind in coded narrative mixed xml; do
  node bench/gen/gen.mjs --kind "$kind" --count "$N" >"$work/$kind.ndjson"
  a=$(per_line "$after" "$work/$kind.ndjson")
  if [ -n "${BEFORE:-}" ]; then
    b=$(per_line "$BEFORE" "$work/$kind.ndjson")
    echo "| $kind | $b | $a | $(node -e "console.log((100*($a-$b)/$b).toFixed(1))")% |"
  else
    echo "| $kind | $a |"
  fi
done
