#!/usr/bin/env bash
# The command-line contract (DESIGN.md): exit codes 0/64/65/66, an OperationOutcome on stdout and
# exactly one line on stderr for unusable input, stdin with "-", deterministic output.
set -u
bin="${SARCOMA_BIN:?SARCOMA_BIN not set}"
src="${SARCOMA_SOURCE_DIR:-.}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
passes=0
check() {  # name, expected, actual
  if [ "$2" != "$3" ]; then
    echo "FAIL: $1: expected [$2], got [$3]"
    failures=$((failures + 1))
  else
    echo "ok: $1"
    passes=$((passes + 1))
  fi
}
is_outcome() { node -e 'const o=JSON.parse(require("fs").readFileSync(0,"utf8"));process.exit(o.resourceType==="OperationOutcome"&&o.issue.length>0?0:1)'; }

# --version names the allocator actually linked: mimalloc in the release build, the system's under
# the sanitizers (which replace malloc themselves).
version=$("$bin" --version); check "--version exits 0" 0 $?
if ldd "$bin" | grep -q libmimalloc; then want='^sarcoma-adapter [0-9.]+ \(allocator: mimalloc 2\.[0-9]+\.[0-9]+\)$'
else want='^sarcoma-adapter [0-9.]+ \(allocator: system malloc\)$'; fi
[[ "$version" =~ $want ]]; check "--version names the linked allocator ($version)" 0 $?

good="$src/fixtures/hl7/diagnosticreport-example-ghp.json"
"$bin" validate "$good" >"$tmp/out" 2>"$tmp/err"; check "valid report exits 0" 0 $?
is_outcome <"$tmp/out"; check "valid report prints an OperationOutcome" 0 $?
grep -q '"informational"' "$tmp/out"; check "report listed as informational issue" 0 $?
"$bin" validate "$good" >"$tmp/out2" 2>/dev/null
cmp -s "$tmp/out" "$tmp/out2"; check "same input, byte-identical output" 0 $?
"$bin" validate - <"$good" >"$tmp/out3" 2>/dev/null; check "stdin with - exits 0" 0 $?
cmp -s "$tmp/out" "$tmp/out3"; check "stdin output equals file output" 0 $?

xml="$src/fixtures/hl7/diagnosticreport-example-ghp.xml"
"$bin" validate "$xml" >/dev/null 2>&1; check "XML input detected and accepted" 0 $?

bad="$src/fixtures/malformed/json-wrong-type-status.json"
"$bin" validate "$bad" >"$tmp/out" 2>"$tmp/err"; check "unusable input exits 65" 65 $?
is_outcome <"$tmp/out"; check "unusable input prints an OperationOutcome" 0 $?
grep -q '"expression"' "$tmp/out"; check "OperationOutcome names the element path" 0 $?
check "exactly one stderr line" 1 "$(wc -l <"$tmp/err")"

printf '{"resourceType":"Observation","status":"final","code":{"text":"x"}}' >"$tmp/noreport.json"
"$bin" validate "$tmp/noreport.json" >"$tmp/out" 2>/dev/null; check "no DiagnosticReport exits 65" 65 $?

"$bin" validate "$tmp/does-not-exist.json" >/dev/null 2>&1; check "unreadable file exits 66" 66 $?
"$bin" validate a b >/dev/null 2>&1; check "two files is a usage error" 64 $?
"$bin" validate --bogus >/dev/null 2>&1; check "unknown option is a usage error" 64 $?
"$bin" frobnicate >/dev/null 2>&1; check "unknown command is a usage error" 64 $?
"$bin" >/dev/null 2>&1; check "no command is a usage error" 64 $?
"$bin" --help >"$tmp/help" 2>&1; check "--help exits 0" 0 $?
grep -q "exit codes" "$tmp/help"; check "--help documents exit codes" 0 $?

# A result that cannot be written (stdout on a full device) is exit 74, never a silent 0.
"$bin" assess "$src/fixtures/reports/07-narrative-myxofibrosarcoma-thigh-plain.json" >/dev/full 2>"$tmp/full"
check "assess to a full device exits 74" 74 $?
grep -q "cannot write standard output" "$tmp/full"; check "and says so" 0 $?
"$bin" validate "$src/fixtures/reports/07-narrative-myxofibrosarcoma-thigh-plain.json" >/dev/full 2>/dev/null
check "validate to a full device exits 74" 74 $?

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
