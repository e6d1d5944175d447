#!/usr/bin/env bash
# Source this from a test script: a real third-party FHIR R4 server (Medplum's FhirRouter over its
# in-memory repository, server.mjs) on 127.0.0.1, started and stopped by the test.
#   fhir_server_start    -> FHIR_SERVER_PORT, FHIR_SERVER_BASE (http://127.0.0.1:PORT/fhir/R4),
#                           FHIR_SERVER_CONTROL (http://127.0.0.1:PORT/__control), FHIR_SERVER_PID
#   fhir_server_stop     (also safe to call from an EXIT trap)
#   fhir_server_control JSON   (failure injection, see server.mjs)
#   fhir_server_count TYPE [QUERY]   -> the search total
_fhir_server_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fhir_server_start() {
  if [ ! -d "$_fhir_server_dir/node_modules/@medplum/fhir-router" ]; then
    echo "tests/fhir-server/node_modules missing: run (cd tests/fhir-server && npm ci)" >&2
    return 1
  fi
  local out
  out=$(mktemp)
  node "$_fhir_server_dir/server.mjs" --port 0 >"$out" 2>"$out.err" &
  FHIR_SERVER_PID=$!
  FHIR_SERVER_PORT=""
  for _ in $(seq 1 300); do  # up to 30 s: Medplum indexes its definitions at start (~0.5-2 s)
    FHIR_SERVER_PORT=$(sed -n 's/^LISTENING //p' "$out")
    [ -n "$FHIR_SERVER_PORT" ] && break
    kill -0 "$FHIR_SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$FHIR_SERVER_PORT" ]; then
    echo "the FHIR test server did not start:" >&2
    cat "$out.err" >&2
    rm -f "$out" "$out.err"
    return 1
  fi
  rm -f "$out" "$out.err"
  FHIR_SERVER_BASE="http://127.0.0.1:$FHIR_SERVER_PORT/fhir/R4"
  FHIR_SERVER_CONTROL="http://127.0.0.1:$FHIR_SERVER_PORT/__control"
  export FHIR_SERVER_PORT FHIR_SERVER_BASE FHIR_SERVER_CONTROL FHIR_SERVER_PID
}

fhir_server_stop() {
  if [ -n "${FHIR_SERVER_PID:-}" ]; then
    kill "$FHIR_SERVER_PID" 2>/dev/null
    wait "$FHIR_SERVER_PID" 2>/dev/null
    FHIR_SERVER_PID=""
  fi
}

fhir_server_control() {
  curl -s --max-time 10 -X POST -H 'Content-Type: application/json' --data "$1" "$FHIR_SERVER_CONTROL" >/dev/null
}

fhir_server_count() {  # TYPE [QUERY]
  local q="${2:-}"
  curl -s --max-time 10 "$FHIR_SERVER_BASE/$1?${q:+$q&}_count=1000" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2
}
