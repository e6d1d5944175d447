#!/usr/bin/env bash
# The daemon against a real third-party FHIR server (Medplum, tests/fhir-server), all on 127.0.0.1:
#  1. `assess` output posted twice to Medplum creates each derived resource once (issue 6, item 8);
#  2. the daemon with --upstream: a REST-hook notification for a report stored on Medplum makes the
#     worker read the report and its results (Medplum ignores _include: read by reference), assess
#     it and write the transaction back; a second notification for the same report creates nothing;
#  3. Medplum answering 503 + Retry-After: the job is retried and lands; a 400 goes to the dead
#     letter queue with the server's issue codes, and `dlq retry` brings it back;
#  4. kill -9 of the daemon right after the acknowledgement: after a restart the report is written;
#  5. polling finds a report no notification announced; 6. the review web pages on Medplum.
set -u
bin="${SARCOMA_BIN:?SARCOMA_BIN not set}"
src="${SARCOMA_SOURCE_DIR:-.}"
# shellcheck source=lib.sh
. "$src/tests/scripts/lib.sh"
# shellcheck source=../fhir-server/fhir_server.sh
. "$src/tests/fhir-server/fhir_server.sh"
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; fhir_server_stop; rm -rf "$tmp"; }
trap cleanup EXIT
r="$src/fixtures/reports"
fhir_server_start || exit 1

# 1. The same transaction twice.
"$bin" assess --recorded 2026-01-01T00:00:00Z "$r/07-narrative-myxofibrosarcoma-thigh-plain.json" >"$tmp/b7.json"
for i in 1 2; do
  code=$(curl -s -o "$tmp/resp$i" -w '%{http_code}' --max-time 20 -X POST -H 'Content-Type: application/fhir+json' \
    --data-binary @"$tmp/b7.json" "$FHIR_SERVER_BASE")
  check "transaction $i accepted by Medplum" 200 "$code"
done
check "posted twice: 5 derived Observations" 5 "$(fhir_server_count Observation)"
check "posted twice: 1 Task" 1 "$(fhir_server_count Task)"
check "posted twice: 1 Provenance" 1 "$(fhir_server_count Provenance)"
fhir_server_control '{"clear":true}'

# 2. The daemon writing back to Medplum.
cat >"$tmp/config.json" <<JSON
{"listen": "127.0.0.1:0", "workers": 2,
 "upstream": {"url": "$FHIR_SERVER_BASE", "request_timeout_ms": 10000, "max_transaction_entries": 8},
 "retry": {"max_attempts": 5, "base_delay_ms": 200, "max_delay_ms": 2000}}
JSON
start() {
  : >"$tmp/out"  # truncated before the start: a stale port of a previous run must not be read
  "$bin" serve --config "$tmp/config.json" --data-dir "$tmp/data" >"$tmp/out" 2>>"$tmp/log" &
  pid=$!
  port=$(daemon_port "$tmp/out") || { echo "daemon did not start"; cat "$tmp/log"; exit 1; }
}
notify() {  # reference
  local n
  n=$(printf '{"resourceType":"Bundle","type":"history","entry":[{"resource":{"resourceType":"Parameters","parameter":[{"name":"type","valueCode":"event-notification"},{"name":"notification-event","part":[{"name":"focus","valueReference":{"reference":"%s"}}]}]}}]}' "$1")
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST -H 'Content-Type: application/fhir+json' --data "$n" "http://127.0.0.1:$port/notify"
}
settled() { queue_drained "$bin" "$tmp/data" 30; }
# Reports stored on Medplum the way a LIS would: 01 (coded, with result Observations) and 27.
"$bin" submit --server "$FHIR_SERVER_BASE" "$r/01-coded-lms-thigh-collection.json" "$r/27-narrative-synovial-thigh-n1.json" >/dev/null
start
check "notification for report 01 acknowledged" 200 "$(notify "DiagnosticReport/dr-01")"
settled; check "job settled" 0 $?
check "report 01: one review Task on Medplum" 1 "$(fhir_server_count Task)"
check "report 01: grade, T, N, M and group written" 5 "$(fhir_server_count Observation 'identifier=https://sarcoma-adapter.dev/fhir/NamingSystem/derived-id%7C')"
check "notification repeated" 200 "$(notify "DiagnosticReport/dr-01/_history/2")"
settled
check "repeated notification: still one Task" 1 "$(fhir_server_count Task)"

# A two-tumour report makes 12 entries: Medplum refuses conditional transactions above 8, so the
# daemon (max_transaction_entries 8) writes two chunks; the Task references all ten Observations.
"$bin" submit --server "$FHIR_SERVER_BASE" "$r/50-narrative-two-tumours-specimen-headings.json" >/dev/null
check "notification for two-tumour report 50 acknowledged" 200 "$(notify "DiagnosticReport/dr-50")"
settled
check "report 50 written in chunks" 2 "$(fhir_server_count Task)"
curl -s "$FHIR_SERVER_BASE/Task?focus=DiagnosticReport/dr-50" >"$tmp/task50"
check "its Task references ten derived Observations by server id" 10 "$(grep -o '"reference":"Observation/[^"]*"' "$tmp/task50" | sort -u | wc -l)"
fhir_server_control '{"clear":true}'
"$bin" submit --server "$FHIR_SERVER_BASE" "$r/27-narrative-synovial-thigh-n1.json" >/dev/null

# 3. 503 with Retry-After twice, then success.
fhir_server_control '{"fail_next": 2, "status": 503, "retry_after": 1}'
check "notification for report 27 acknowledged" 200 "$(notify "DiagnosticReport/dr-27")"
settled; check "retried job settled" 0 $?
check "report 27 written after two 503s" 1 "$(fhir_server_count Task)"
grep -q '"http_status":"503"' "$tmp/log"; check "the 503s were logged" 0 $?
#    A report that does not exist: 404 is permanent -> dead letter at once; dlq lists it.
check "notification for a missing report acknowledged" 200 "$(notify "DiagnosticReport/does-not-exist")"
settled
check "missing report dead-lettered" 1 "$("$bin" dlq list --data-dir "$tmp/data" | grep -c 'upstream 404')"

# 4. kill -9 right after the acknowledgement, while Medplum is slow.
fhir_server_control '{"delay_ms": 1500}'
"$bin" submit --server "$FHIR_SERVER_BASE" "$r/10-narrative-cap-fibrosarcoma-5cm-mitoses-9.json" >/dev/null
check "notification for report 10 acknowledged" 200 "$(notify "DiagnosticReport/dr-10")"
leased=""
for _ in $(seq 1 50); do  # the worker holds the job while Medplum is slow (bounded: 5 s)
  case "$("$bin" dlq stats --data-dir "$tmp/data")" in *'"leased":1'*) leased=1; break ;; esac
  sleep 0.1
done
check "job in a worker's hands when the daemon is killed" 1 "$leased"
kill -9 "$pid"; wait "$pid" 2>/dev/null; pid=""
fhir_server_control '{"delay_ms": 0}'
start
settled; check "after kill -9 and restart the job settles (its lease released at start)" 0 $?
grep -q '"event":"queue.leases_released"' "$tmp/log"; check "the released lease was logged" 0 $?
check "report 10 written after the crash" 2 "$(fhir_server_count Task)"

kill -TERM "$pid"; wait "$pid"; rc=$?; pid=""
check "SIGTERM exits 0" 0 "$rc"

# 5. The polling backstop: no notification at all; a report stored on Medplum after the daemon
#    started is found by polling DiagnosticReport?_lastUpdated=gt<cursor> and written back.
fhir_server_control '{"clear":true}'
cat >"$tmp/poll.json" <<JSON
{"listen": "127.0.0.1:0", "upstream": {"url": "$FHIR_SERVER_BASE", "max_transaction_entries": 8},
 "poll": {"enabled": true, "interval_s": 1}, "retry": {"base_delay_ms": 200, "max_delay_ms": 1000},
 "auth": {"bearer_tokens_env": "SARCOMA_TEST_TOKENS"}}
JSON
export SARCOMA_TEST_TOKENS="web-token"
cp "$tmp/poll.json" "$tmp/config.json"
rm -rf "$tmp/data"
start
sleep 1.5  # the first poll sets the cursor to "now"
"$bin" submit --server "$FHIR_SERVER_BASE" "$r/07-narrative-myxofibrosarcoma-thigh-plain.json" >/dev/null
found=0
for _ in $(seq 1 100); do  # bounded: 10 s
  [ "$(fhir_server_count Task)" = "1" ] && { found=1; break; }
  sleep 0.1
done
check "polling found the report and wrote its Task (no notification)" 1 "$found"

# 6. The review pages on the upstream server: the worklist reads Medplum's Tasks, the case page
#    re-reads the report from Medplum, and a review is written back to Medplum.
web() { curl -s --max-time 20 -H "Authorization: Bearer web-token" "$@"; }
check "web worklist answers" 200 "$(web -o "$tmp/worklist.html" -w '%{http_code}' "http://127.0.0.1:$port/")"
grep -q '<span id="matched">1</span>' "$tmp/worklist.html"; check "web worklist lists Medplum's open Task" 0 $?
task_id=$(grep -o 'href="/cases/[^"]*"' "$tmp/worklist.html" | head -1 | sed 's|href="/cases/||; s|"||')
web "http://127.0.0.1:$port/cases/$task_id" >"$tmp/case.html"
grep -q 'FNCLCC grade: G1' "$tmp/case.html"; check "web case page re-reads the report from Medplum (G1)" 0 $?
check "web review written to Medplum" 303 "$(web -o /dev/null -w '%{http_code}' -d 'decision=confirm&reviewer=Dr+Upstream' "http://127.0.0.1:$port/cases/$task_id/review")"
check "Medplum holds the Task as completed" 1 "$(fhir_server_count Task 'status=completed')"
check "Medplum holds five final derived Observations" 5 "$(fhir_server_count Observation 'status=final')"
kill -TERM "$pid"; wait "$pid"; pid=""
[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; cat "$tmp/log" | tail -20; exit 1; }
