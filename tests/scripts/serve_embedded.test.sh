#!/usr/bin/env bash
# The embedded default as an operator runs it: a real daemon process on 127.0.0.1 with its own
# SQLite store; reports stored through FHIR REST (JSON and XML, Bundles of several types) are
# queued, assessed and written back; the worklist lists them; re-submitting changes nothing;
# a report acknowledged right before kill -9 is still assessed after a restart; five kill -9 during
# 300 reports lose nothing and duplicate nothing; the synchronous
# $sarcoma-assess answers; logs carry no clinical text; SIGTERM exits 0.
set -u
bin="${SARCOMA_BIN:?SARCOMA_BIN not set}"
src="${SARCOMA_SOURCE_DIR:-.}"
# shellcheck source=lib.sh
. "$src/tests/scripts/lib.sh"
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
start() {
  : >"$tmp/out"  # truncated before the start: a stale port of a previous run must not be read
  "$bin" serve --listen 127.0.0.1:0 --data-dir "$tmp/data" >"$tmp/out" 2>>"$tmp/log" &
  pid=$!
  port=$(daemon_port "$tmp/out") || { echo "daemon did not start"; cat "$tmp/log"; exit 1; }
  base="http://127.0.0.1:$port/fhir"
}
drain() { queue_drained "$bin" "$tmp/data" 20; }
total() {  # $1: "Type?params" or "Type?"
  local q="$1"; case "$q" in *\?) q="${q}_summary=count" ;; *) q="${q}&_summary=count" ;; esac
  curl -s --max-time 10 "$base/$q" | grep -o '"total":[0-9]*' | cut -d: -f2
}
derived="identifier=https://sarcoma-adapter.dev/fhir/NamingSystem/derived-id%7C"

r="$src/fixtures/reports"
# Five sarcomas (collection Bundle, XML contained, transaction Bundle, plain DR narrative, XML
# narrative) and one carcinoma: five review Tasks expected.
set_a=("$r/01-coded-lms-thigh-collection.json" "$r/03-coded-ups-retroperitoneum-contained.xml"
       "$r/04-coded-synovial-panel-transaction.json" "$r/07-narrative-myxofibrosarcoma-thigh-plain.json"
       "$r/09-narrative-synovial-forearm-conclusion.xml" "$r/35-coded-adenocarcinoma-colon.json")

start
"$bin" submit --server "$base" "${set_a[@]}" >"$tmp/submit" 2>&1; check "submit exits 0" 0 $?
drain; check "queue drains" 0 $?
check "one review Task per sarcoma report" 5 "$(total 'Task?status=requested')"
obs=$(total "Observation?$derived")
check "derived Observations written (grade, T, N, M, group per tumour)" 1 "$([ "${obs:-0}" -ge 20 ] && echo 1 || echo 0)"
check "one Provenance per sarcoma report" 5 "$(total 'Provenance?')"
"$bin" worklist --server "$base" >"$tmp/worklist"; check "worklist exits 0" 0 $?
grep -q '^5 open review task(s)' "$tmp/worklist"; check "worklist lists five" 0 $?

# Re-submitting the same reports rewrites nothing and creates nothing.
"$bin" submit --server "$base" "${set_a[@]}" >/dev/null 2>&1
drain
check "re-submitted: still five Tasks" 5 "$(total 'Task?status=requested')"
check "re-submitted: same derived Observations" "$obs" "$(total "Observation?$derived")"

# Acknowledged, then kill -9 before the worker may run: after a restart it is assessed.
"$bin" submit --server "$base" "$r/10-narrative-cap-fibrosarcoma-5cm-mitoses-9.json" >/dev/null 2>&1
kill -9 "$pid"; wait "$pid" 2>/dev/null; pid=""
start
drain; check "queue drains after restart" 0 $?
check "report acknowledged before kill -9 is assessed" 6 "$(total 'Task?status=requested')"

# kill -9 at several points while the daemon works through 300 reports, each time restarted: every
# report ends with exactly one Task and its five derived Observations - nothing lost, nothing twice.
mkdir -p "$tmp/many"
many=()
for i in $(seq 1 300); do
  sed -e "s/\"dr-07\"/\"many-$i\"/" -e "s/RPT-2026-0107/MANY-$i/" "$r/07-narrative-myxofibrosarcoma-thigh-plain.json" >"$tmp/many/r$i.json"
  many+=("$tmp/many/r$i.json")
done
tasks_before=$(total 'Task?status=requested')
obs_before=$(total "Observation?$derived")
"$bin" submit --server "$base" "${many[@]}" >/dev/null 2>&1; check "300 reports stored" 0 $?
busy_kills=0
for delay in 0.05 0.2 0.1 0.3 0.15; do
  sleep "$delay"
  kill -9 "$pid"; wait "$pid" 2>/dev/null; pid=""
  case "$("$bin" dlq stats --data-dir "$tmp/data")" in *'"pending":0,"leased":0'*) ;; *) busy_kills=$((busy_kills + 1)) ;; esac
  start
done
check "the daemon was killed with work in hand" 1 "$([ "$busy_kills" -ge 1 ] && echo 1 || echo 0)"
drain; check "queue drains after five kill -9 and restarts" 0 $?
check "300 more Tasks, one per report" $((tasks_before + 300)) "$(total 'Task?status=requested')"
check "1500 more derived Observations, five per report" $((obs_before + 1500)) "$(total "Observation?$derived")"
case "$("$bin" dlq stats --data-dir "$tmp/data")" in *'"dead":0'*) dead=0 ;; *) dead=1 ;; esac
check "no job dead-lettered" 0 "$dead"

# The synchronous operation.
code=$(curl -s -o "$tmp/sync" -w '%{http_code}' --max-time 10 -X POST -H 'Content-Type: application/fhir+json' \
  --data-binary @"$r/07-narrative-myxofibrosarcoma-thigh-plain.json" "http://127.0.0.1:$port/DiagnosticReport/\$sarcoma-assess")
check "\$sarcoma-assess answers 200" 200 "$code"
grep -q '"type":"transaction"' "$tmp/sync"; check "\$sarcoma-assess returns a transaction Bundle" 0 $?

# No clinical text in the logs (histology names, narrative words, patient names).
grep -Eiq 'sarcoma[^-]|myxo|leiomyo|synovial|carcinoma|Test Patient' "$tmp/log"; check "no clinical text in logs" 1 $?
grep -q '"event":"job.processed"' "$tmp/log"; check "jobs are logged (JSON lines)" 0 $?

"$bin" serve --listen 127.0.0.1:0 --data-dir "$tmp/data" >/dev/null 2>"$tmp/second"
check "a second daemon on the same data directory is refused" 64 $?
grep -q "in use by another daemon" "$tmp/second"; check "and says why" 0 $?

kill -TERM "$pid"; wait "$pid"; rc=$?; pid=""
check "SIGTERM exits 0" 0 "$rc"
[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
