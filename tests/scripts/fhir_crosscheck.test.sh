#!/usr/bin/env bash
# Cross-check of the fhir/ codecs against the official HL7 R4 examples (fixtures/hl7/) and an
# independent implementation, the `fhir` npm package (tests/node, installed by deploy/test.sh's
# `npm ci`). For every example NAME.json / NAME.xml:
#   (a) our JSON->XML equals the npm package's JSON->XML (XML compared element by element, decimals
#       numerically because the package normalises them, narrative div as XHTML);
#   (b) our XML->JSON equals the original JSON;
#   (c) our JSON->model->JSON equals the original JSON (decimals exactly as written).
# The reference side is projected onto the elements the model carries: the explicit allow-list
# MODEL in tests/node/compare.js; every element so removed is listed in the log ("not modelled").
# Any difference fails the test and prints the path of the first difference.
# Needs: SARCOMA_BUILD_DIR (fhir_convert at $SARCOMA_BUILD_DIR/tests/fhir_convert), node, and
# tests/node/node_modules (npm ci). A missing prerequisite is a failure, not a skip.
set -uo pipefail

src="${SARCOMA_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
build="${SARCOMA_BUILD_DIR:-}"
conv="$build/tests/fhir_convert"
nodedir="$src/tests/node"
fixtures="$src/fixtures/hl7"

die() { echo "fhir_crosscheck: $*" >&2; exit 1; }
[ -n "$build" ] || die "SARCOMA_BUILD_DIR is not set"
[ -x "$conv" ] || die "$conv not built (cmake --build <dir> --target fhir_convert)"
command -v node >/dev/null || die "node not found"
[ -d "$nodedir/node_modules/fhir" ] && [ -d "$nodedir/node_modules/@xmldom/xmldom" ] ||
  die "tests/node/node_modules missing: run (cd tests/node && npm ci)"
shopt -s nullglob
examples=("$fixtures"/*.json)
[ "${#examples[@]}" -gt 0 ] || die "no examples in $fixtures"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# check NAME LABEL COMMAND...: runs a comparison, records the result.
check() {
  local name="$1" label="$2"
  shift 2
  local out
  if out="$("$@" 2>"$tmp/stderr")"; then
    passed=$((passed + 1))
    echo "ok   $name ($label)"
  else
    failed=$((failed + 1))
    echo "FAIL $name ($label): ${out:-$(tail -3 "$tmp/stderr")}"
  fi
  grep -h '^not modelled:\|^known gap' "$tmp/stderr" | sed "s|^|     $name ($label): |" || true
}

# ours FORMAT FILE OUT: fhir_convert, which must accept every official example.
ours() {
  if ! "$conv" --to "$1" "$2" >"$3" 2>"$tmp/conv.err"; then
    echo "fhir_convert --to $1 $(basename "$2") failed: $(head -3 "$3" "$tmp/conv.err")"
    return 1
  fi
}

# The comparator itself must be able to fail: known differences are detected, or the test is void.
selftest() {
  local g="$fixtures/observation-example-f001-glucose.json" st="$tmp/selftest"
  mkdir -p "$st"
  sed 's/"final"/"amended"/' "$g" >"$st/status.json"
  sed 's/"value": 6.3,/"value": 6.30,/' "$g" >"$st/decimal.json"
  sed 's/"display": "P. van de Heuvel"/"display": "P. van de Heuvel", "type": "Patient"/' "$g" >"$st/extra.json"
  sed 's|<b>Generated Narrative with Details</b>|<i>Generated Narrative with Details</i>|' "$g" >"$st/div.json"
  "$conv" --to xml "$g" >"$st/ours.xml" 2>/dev/null || return 1
  sed 's|<status value="final"/>||' "$st/ours.xml" >"$st/missing.xml"
  sed 's|value="6.3"|value="6.4"|' "$st/ours.xml" >"$st/value.xml"
  local m
  for m in status decimal extra div; do
    if node "$nodedir/compare.js" json --name selftest "$g" "$st/$m.json" >/dev/null 2>&1; then
      echo "FAIL selftest: compare.js json did not see the '$m' mutation"
      return 1
    fi
  done
  for m in missing value; do
    if node "$nodedir/compare.js" xml --numeric --name selftest "$st/ours.xml" "$st/$m.xml" >/dev/null 2>&1; then
      echo "FAIL selftest: compare.js xml did not see the '$m' mutation"
      return 1
    fi
  done
  node "$nodedir/compare.js" json --name selftest "$g" "$g" >/dev/null 2>&1 &&
    node "$nodedir/compare.js" xml --numeric --name selftest "$st/ours.xml" "$st/ours.xml" >/dev/null 2>&1
}
if selftest; then
  passed=$((passed + 1))
  echo "ok   selftest (compare.js detects planted differences)"
else
  failed=$((failed + 1))
  echo "FAIL selftest (compare.js)"
fi

for json in "${examples[@]}"; do
  name="$(basename "$json" .json)"
  xml="$fixtures/$name.xml"
  if [ ! -f "$xml" ]; then
    failed=$((failed + 1))
    echo "FAIL $name: no $name.xml beside $name.json"
    continue
  fi
  d="$tmp/$name"
  mkdir -p "$d"

  # (a) JSON -> XML: ours vs the npm package's, both from the same JSON (projected for the package).
  if ours xml "$json" "$d/ours.xml" >"$d/err" &&
    node "$nodedir/compare.js" project --cross-format "$json" >"$d/projected.json" 2>/dev/null &&
    node "$nodedir/convert.js" json2xml "$d/projected.json" >"$d/npm.xml" 2>"$d/err"; then
    check "$name" "a: JSON->XML vs npm fhir" node "$nodedir/compare.js" xml --numeric --name "$name.json" \
      "$d/npm.xml" "$d/ours.xml"
  else
    failed=$((failed + 1))
    echo "FAIL $name (a): $(cat "$d/err")"
  fi

  # (b) XML -> JSON vs the original JSON.
  if ours json "$xml" "$d/from_xml.json" >"$d/err"; then
    check "$name" "b: XML->JSON vs original JSON" node "$nodedir/compare.js" json --cross-format \
      --name "$name.xml" "$json" "$d/from_xml.json"
  else
    failed=$((failed + 1))
    echo "FAIL $name (b): $(cat "$d/err")"
  fi

  # (c) JSON -> model -> JSON vs the original JSON.
  if ours json "$json" "$d/from_json.json" >"$d/err"; then
    check "$name" "c: JSON->JSON vs original JSON" node "$nodedir/compare.js" json --name "$name.json" \
      "$json" "$d/from_json.json"
  else
    failed=$((failed + 1))
    echo "FAIL $name (c): $(cat "$d/err")"
  fi
done

echo "fhir_crosscheck: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
