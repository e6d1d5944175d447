#!/usr/bin/env bash
# Source this from a test script: a real third-party FHIR R4 server (Medplum's FhirRouter over its
# in-memory repository, server.mjs) on 127.0.0.1, started and stopped by the test.
#   fhir_server_start [--validate] [--log]
#                        -> FHIR_SERVER_PORT, FHIR_SERVER_BASE (http://127.0.0.1:PORT/fhir/R4),
#                           FHIR_SERVER_CONTROL (http://127.0.0.1:PORT/__control), FHIR_SERVER_PID,
#                           FHIR_SERVER_STDERR (the server's stderr; --log writes a line per request)
#   fhir_server_stop     idempotent, always returns 0, safe in an EXIT trap:
#                           trap 'fhir_server_stop; rm -rf "$tmp"' EXIT
#   fhir_server_control JSON   (failure injection, see server.mjs), e.g. '{"fail_next": 2}'
#   fhir_server_count TYPE [QUERY]   -> the search total
# Call fhir_server_start from the test's own shell (not inside $(...) or a pipeline): the server
# exits by itself when the shell that started it is gone, and fhir_server_stop waits for it.
# Needs tests/fhir-server/node_modules (deploy/test.sh runs `npm ci` there) and node >= 18.
_fhir_server_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fhir_server_start() {
  if ! command -v node >/dev/null 2>&1; then
    echo "fhir_server_start: node is not installed (deploy/setup-deps.sh installs it)" >&2
    return 1
  fi
  if [ ! -d "$_fhir_server_dir/node_modules/@medplum/fhir-router" ]; then
    echo "fhir_server_start: $_fhir_server_dir/node_modules is missing or incomplete;" \
      "run (cd tests/fhir-server && npm ci), as deploy/test.sh does" >&2
    return 1
  fi
  fhir_server_stop  # at most one server per shell
  local out
  out=$(mktemp) || return 1
  FHIR_SERVER_STDERR="$out.err"
  node "$_fhir_server_dir/server.mjs" --port 0 "$@" >"$out" 2>"$FHIR_SERVER_STDERR" &
  FHIR_SERVER_PID=$!
  FHIR_SERVER_PORT=""
  local deadline=$((SECONDS + 30))  # Medplum indexes its definitions at start (~0.5-2 s)
  while [ "$SECONDS" -lt "$deadline" ]; do
    FHIR_SERVER_PORT=$(sed -n 's/^LISTENING \([0-9][0-9]*\)$/\1/p' "$out")
    [ -n "$FHIR_SERVER_PORT" ] && break
    kill -0 "$FHIR_SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  rm -f "$out"
  if [ -z "$FHIR_SERVER_PORT" ]; then
    if kill -0 "$FHIR_SERVER_PID" 2>/dev/null; then
      echo "fhir_server_start: the FHIR test server did not print LISTENING within 30 s:" >&2
    else
      wait "$FHIR_SERVER_PID" 2>/dev/null
      echo "fhir_server_start: the FHIR test server exited (status $?) before listening:" >&2
    fi
    cat "$FHIR_SERVER_STDERR" >&2
    fhir_server_stop
    return 1
  fi
  FHIR_SERVER_BASE="http://127.0.0.1:$FHIR_SERVER_PORT/fhir/R4"
  FHIR_SERVER_CONTROL="http://127.0.0.1:$FHIR_SERVER_PORT/__control"
  export FHIR_SERVER_PORT FHIR_SERVER_BASE FHIR_SERVER_CONTROL FHIR_SERVER_PID FHIR_SERVER_STDERR
}

fhir_server_stop() {
  local pid="${FHIR_SERVER_PID:-}"
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null
    local _
    for _ in $(seq 1 50); do  # up to 5 s for a clean exit, then SIGKILL
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null  # reaps it when it is our child; harmless otherwise
  fi
  [ -n "${FHIR_SERVER_STDERR:-}" ] && rm -f "$FHIR_SERVER_STDERR"
  FHIR_SERVER_PID=""
  FHIR_SERVER_STDERR=""
  return 0
}

fhir_server_control() {  # JSON; fails (message on stderr) when the server refuses it
  curl -sS --fail --max-time 10 -X POST -H 'Content-Type: application/json' --data "$1" "$FHIR_SERVER_CONTROL" >/dev/null
}

fhir_server_count() {  # TYPE [QUERY]
  local q="${2:-}"
  curl -s --max-time 10 "$FHIR_SERVER_BASE/$1?${q:+$q&}_count=1000" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2
}
