#!/usr/bin/env bash
# Every fixture's output Bundle (issue 6, item 7): valid R4 for an independent validator (the `fhir`
# npm package, tests/node/validate.js), and read back by our own parser to the same JSON. A planted
# error proves the validator is not blind.
set -u
bin="${SARCOMA_BIN:?SARCOMA_BIN not set}"
build="${SARCOMA_BUILD_DIR:?SARCOMA_BUILD_DIR not set}"
src="${SARCOMA_SOURCE_DIR:-.}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -d "$src/tests/node/node_modules/fhir" ] || { echo "tests/node dependencies missing: run npm ci in tests/node"; exit 1; }
failures=0
count=0
for f in "$src"/fixtures/reports/*.json "$src"/fixtures/reports/*.xml; do
  case "$f" in *.expected.json) continue ;; esac
  name=$(basename "$f")
  out="$tmp/${name%.*}.bundle.json"
  if ! "$bin" assess --recorded 2026-01-01T00:00:00Z "$f" >"$out" 2>"$tmp/err"; then
    echo "FAIL: $name: assess exited $? ($(head -c 300 "$tmp/err"))"
    failures=$((failures + 1))
    continue
  fi
  "$build/tests/fhir_convert" --to json "$out" >"$tmp/back.json" 2>"$tmp/back.err" || {
    echo "FAIL: $name: our parser refuses our output"; failures=$((failures + 1)); }
  [ -s "$tmp/back.err" ] && { echo "FAIL: $name: parser warnings on our output: $(head -c 300 "$tmp/back.err")"; failures=$((failures + 1)); }
  node -e 'const fs=require("fs");const a=JSON.parse(fs.readFileSync(process.argv[1]));const b=JSON.parse(fs.readFileSync(process.argv[2]));process.exit(JSON.stringify(a)===JSON.stringify(b)?0:1)' "$out" "$tmp/back.json" ||
    { echo "FAIL: $name: round trip through our parser changed the Bundle"; failures=$((failures + 1)); }
  count=$((count + 1))
done
[ "$count" -ge 60 ] || { echo "FAIL: only $count fixtures found"; failures=$((failures + 1)); }
if ! node "$src/tests/node/validate.js" "$tmp"/*.bundle.json; then
  echo "FAIL: the independent validator found errors (above)"
  failures=$((failures + 1))
fi
# Self-test: a planted error (an Observation.status outside its required value set) is caught.
node -e 'const fs=require("fs");const b=JSON.parse(fs.readFileSync(process.argv[1]));const o=b.entry.find(e=>e.resource.resourceType==="Observation");o.resource.status="bogus";fs.writeFileSync(process.argv[2],JSON.stringify(b))' \
  "$(grep -l '"Observation"' "$tmp"/*.bundle.json | head -1)" "$tmp/planted.json"
if node "$src/tests/node/validate.js" "$tmp/planted.json" >/dev/null; then
  echo "FAIL: validator self-test: a planted invalid status was accepted"
  failures=$((failures + 1))
fi
echo "validated $count output Bundles"
[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
