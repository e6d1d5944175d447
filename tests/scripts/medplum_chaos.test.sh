#!/usr/bin/env bash
# Failure scenarios of issue 7 against a real third-party FHIR server (Medplum on 127.0.0.1):
#  A. the upstream is down for the whole run (every request gets no answer): nothing is lost - jobs
#     retry with backoff, then go to the dead-letter queue; when it is back, `dlq retry --all`
#     delivers every report;
#  B. kill -9 of the daemon at several points while it works through 40 reports, each time
#     restarted: in the end every report has exactly one Task and its five derived Observations
#     upstream - nothing lost, nothing written twice. (40, not hundreds: Medplum's in-memory
#     repository answers conditional transactions in time linear in what it holds - ~0.5 s per
#     report after 40 reports here, more under a parallel test run - so hundreds would take minutes
#     on the CI machine.)
# Bounded: every wait has a limit; the whole test takes well under a minute on 2 cores.
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
fhir_server_start || exit 1
template="$src/fixtures/reports/07-narrative-myxofibrosarcoma-thigh-plain.json"

make_reports() {  # first last -> report files in $tmp/reports, stored on Medplum
  mkdir -p "$tmp/reports"
  local files=()
  for i in $(seq "$1" "$2"); do
    sed -e "s/\"dr-07\"/\"chaos-$i\"/" -e "s/RPT-2026-0107/CHAOS-$i/" "$template" >"$tmp/reports/r$i.json"
    files+=("$tmp/reports/r$i.json")
  done
  "$bin" submit --server "$FHIR_SERVER_BASE" "${files[@]}" >/dev/null || { echo "could not store reports"; exit 1; }
}
start() {
  : >"$tmp/out"  # truncated before the start: a stale port of a previous run must not be read
  "$bin" serve --config "$tmp/config.json" --data-dir "$tmp/data" >"$tmp/out" 2>>"$tmp/log" &
  pid=$!
  port=$(daemon_port "$tmp/out") || { echo "daemon did not start"; tail "$tmp/log"; exit 1; }
}
notify_range() {  # first last
  for i in $(seq "$1" "$2"); do
    n=$(printf '{"resourceType":"Bundle","type":"history","entry":[{"resource":{"resourceType":"Parameters","parameter":[{"name":"type","valueCode":"event-notification"},{"name":"notification-event","part":[{"name":"focus","valueReference":{"reference":"DiagnosticReport/chaos-%s"}}]}]}}]}' "$i")
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST -H 'Content-Type: application/fhir+json' --data "$n" "http://127.0.0.1:$port/notify")
    [ "$code" = 200 ] || return 1
  done
}
stats() { "$bin" dlq stats --data-dir "$tmp/data"; }
settled() { queue_drained "$bin" "$tmp/data" "$1"; }  # $1 seconds at most
derived="identifier=https://sarcoma-adapter.dev/fhir/NamingSystem/derived-id%7C"

# A. Upstream down for the whole run.
cat >"$tmp/config.json" <<JSON
{"listen": "127.0.0.1:0", "workers": 2,
 "upstream": {"url": "$FHIR_SERVER_BASE", "request_timeout_ms": 2000, "max_transaction_entries": 8},
 "retry": {"max_attempts": 3, "base_delay_ms": 100, "max_delay_ms": 400}}
JSON
make_reports 1 10
start
fhir_server_control '{"drop_next": 1000000}'
notify_range 1 10; check "A: ten notifications acknowledged while the upstream is down" 0 $?
settled 30; check "A: every job settled (retried, then dead-lettered)" 0 $?
check "A: all ten in the dead-letter queue" '"dead":10' "$(stats | grep -o '"dead":[0-9]*')"
grep -q '"event":"job.processed".*"outcome":"failed"' "$tmp/log"; check "A: failures logged" 0 $?
fhir_server_control '{"drop_next": 0}'
"$bin" dlq retry --all --data-dir "$tmp/data" >/dev/null; check "A: dlq retry --all" 0 $?
settled 30; check "A: retried jobs settled" 0 $?
check "A: all ten delivered once the upstream is back" 10 "$(fhir_server_count Task)"
check "A: dead-letter queue empty" '"dead":0' "$(stats | grep -o '"dead":[0-9]*')"
kill -TERM "$pid"; wait "$pid"; pid=""

# B. kill -9 at several points during a run of 40 reports.
fhir_server_control '{"clear":true}'
rm -rf "$tmp/data" "$tmp/reports"
cat >"$tmp/config.json" <<JSON
{"listen": "127.0.0.1:0", "workers": 2,
 "upstream": {"url": "$FHIR_SERVER_BASE", "request_timeout_ms": 5000, "max_transaction_entries": 8},
 "retry": {"max_attempts": 8, "base_delay_ms": 100, "max_delay_ms": 1000}}
JSON
make_reports 1 40
start
notify_range 1 40; check "B: 40 notifications acknowledged" 0 $?
for delay in 0.3 0.9 0.5 1.4 0.7; do  # five kills at different points of the run
  sleep "$delay"
  kill -9 "$pid"; wait "$pid" 2>/dev/null; pid=""
  start
done
settled 240; check "B: the queue drains after five kill -9 and restarts" 0 $?
check "B: no job dead" '"dead":0' "$(stats | grep -o '"dead":[0-9]*')"
check "B: exactly one Task per report" 40 "$(fhir_server_count Task)"
check "B: exactly five derived Observations per report" 200 "$(fhir_server_count Observation "$derived")"
check "B: exactly one Provenance per report" 40 "$(fhir_server_count Provenance)"
kill -TERM "$pid"; wait "$pid"; rc=$?; pid=""
check "B: SIGTERM exits 0" 0 "$rc"
[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; tail -5 "$tmp/log"; exit 1; }
