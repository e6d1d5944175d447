#!/usr/bin/env bash
# `sarcoma-adapter assess`: the command-line contract of issue 6 - a transaction Bundle on stdout
# (JSON or XML), exit 0 also for a non-sarcoma report (empty transaction), 65 + OperationOutcome +
# one stderr line for unusable input, 66 unreadable file, 64 usage errors, byte-identical output
# for identical input, stdin with "-".
set -u
bin="${SARCOMA_BIN:?SARCOMA_BIN not set}"
build="${SARCOMA_BUILD_DIR:?SARCOMA_BUILD_DIR not set}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
check() {  # name, expected, actual
  if [ "$2" != "$3" ]; then
    echo "FAIL: $1: expected [$2], got [$3]"
    failures=$((failures + 1))
  else
    echo "ok: $1"
  fi
}
json_eval() {  # JS expression over `b` (stdin JSON) -> printed
  node -e "const b=JSON.parse(require('fs').readFileSync(0,'utf8'));console.log($1)"
}

cat >"$tmp/sarcoma.json" <<'JSON'
{"resourceType":"DiagnosticReport","id":"dr-cli","identifier":[{"system":"https://lab.test/report","value":"CLI-1"}],
 "status":"final","code":{"text":"Surgical pathology"},"subject":{"reference":"Patient/p-cli"},
 "conclusion":"Thigh, excision: leiomyosarcoma, 12.0 cm. Mitoses 25/10 HPF. Necrosis 60%."}
JSON
# Seed 003: leiomyosarcoma differentiation 2, >= 20 mitoses -> 3, necrosis >= 50% -> 2: total 7 = G3;
# trunk/extremity 12 cm -> T3; T3 N0 M0 G3 -> IIIB.
fixed=(--recorded 2026-01-01T00:00:00Z)

"$bin" assess "${fixed[@]}" "$tmp/sarcoma.json" >"$tmp/out" 2>"$tmp/err"; check "sarcoma report exits 0" 0 $?
check "a transaction Bundle" "Bundle transaction" "$(json_eval 'b.resourceType+" "+b.type' <"$tmp/out")"
check "grade G3" "G3" "$(json_eval 'b.entry.map(e=>e.resource).find(r=>r.code&&r.code.coding&&r.code.coding[0].code==="33732-9").valueCodeableConcept.text' <"$tmp/out")"
check "stage IIIB" "IIIB" "$(json_eval 'b.entry.map(e=>e.resource).find(r=>r.code&&r.code.coding&&r.code.coding[0].code==="21902-2").valueCodeableConcept.text' <"$tmp/out")"
check "one Task, one Provenance" "1 1" "$(json_eval 'b.entry.filter(e=>e.resource.resourceType==="Task").length+" "+b.entry.filter(e=>e.resource.resourceType==="Provenance").length' <"$tmp/out")"
check "nothing on stderr" 0 "$(wc -c <"$tmp/err")"
"$bin" assess "${fixed[@]}" "$tmp/sarcoma.json" >"$tmp/out2" 2>/dev/null
cmp -s "$tmp/out" "$tmp/out2"; check "same input, byte-identical output" 0 $?
"$bin" assess "${fixed[@]}" - <"$tmp/sarcoma.json" >"$tmp/out3" 2>/dev/null; check "stdin exits 0" 0 $?
cmp -s "$tmp/out" "$tmp/out3"; check "stdin output equals file output" 0 $?

"$bin" assess "${fixed[@]}" --output xml "$tmp/sarcoma.json" >"$tmp/out.xml" 2>/dev/null; check "--output xml exits 0" 0 $?
head -c 8 "$tmp/out.xml" | grep -q '<Bundle'; check "XML output is a Bundle element" 0 $?
"$build/tests/fhir_convert" --to json "$tmp/out.xml" >"$tmp/back.json" 2>"$tmp/back.err"; check "XML output parses back" 0 $?
check "XML round trip has no warnings" 0 "$(wc -c <"$tmp/back.err")"
check "XML says what JSON says" "$(json_eval 'JSON.stringify(b)' <"$tmp/out")" "$(json_eval 'JSON.stringify(b)' <"$tmp/back.json")"

cat >"$tmp/carcinoma.json" <<'JSON'
{"resourceType":"DiagnosticReport","id":"dr-crc","status":"final","code":{"text":"Surgical pathology"},
 "subject":{"reference":"Patient/p2"},"conclusion":"Sigmoid colon, resection: adenocarcinoma, 4.5 cm."}
JSON
"$bin" assess "${fixed[@]}" "$tmp/carcinoma.json" >"$tmp/out" 2>/dev/null; check "non-sarcoma exits 0" 0 $?
check "non-sarcoma: empty transaction" "transaction 0" "$(json_eval 'b.type+" "+(b.entry||[]).length' <"$tmp/out")"

printf '{"resourceType":"Observation","status":"final","code":{"text":"x"}}' >"$tmp/noreport.json"
"$bin" assess "$tmp/noreport.json" >"$tmp/out" 2>"$tmp/err"; check "no DiagnosticReport exits 65" 65 $?
check "OperationOutcome on stdout" "OperationOutcome" "$(json_eval 'b.resourceType' <"$tmp/out")"
check "one stderr line" 1 "$(wc -l <"$tmp/err")"
printf '{"resourceType": "Bundle", "type": ' >"$tmp/truncated.json"
"$bin" assess "$tmp/truncated.json" >"$tmp/out" 2>"$tmp/err"; check "truncated JSON exits 65" 65 $?
check "truncated: issue names a location" "true" "$(json_eval '!!(b.issue[0].expression||b.issue[0].location||b.issue[0].diagnostics)' <"$tmp/out")"
"$bin" assess "$tmp/does-not-exist.json" >/dev/null 2>&1; check "missing file exits 66" 66 $?
"$bin" assess --output yaml "$tmp/sarcoma.json" >/dev/null 2>&1; check "bad --output exits 64" 64 $?
"$bin" assess --frobnicate >/dev/null 2>&1; check "unknown option exits 64" 64 $?
"$bin" assess a.json b.json >/dev/null 2>&1; check "two inputs exit 64" 64 $?
"$bin" assess --recorded yesterday "$tmp/sarcoma.json" >/dev/null 2>&1; check "bad --recorded exits 64" 64 $?
"$bin" --help | grep -q "assess \[FILE|-\]"; check "--help documents assess" 0 $?

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
