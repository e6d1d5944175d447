# Shared by the script tests (sourced; not a test itself: ctest runs tests/scripts/*.test.sh).

failures=0
# check NAME EXPECTED ACTUAL: one ok/FAIL line; failures are counted for the script's exit status.
check() {
  if [ "$2" != "$3" ]; then echo "FAIL: $1: expected [$2], got [$3]"; failures=$((failures + 1)); else echo "ok: $1"; fi
}

# daemon_port OUT_FILE: the port a daemon started with --listen 127.0.0.1:0 announced on stdout
# ({"event":"listening",...,"port":N}); waits at most 10 s, fails when it never does. Truncate
# OUT_FILE before starting the daemon, or a previous run's port may be read.
daemon_port() {
  local port=""
  for _ in $(seq 1 100); do
    port=$(grep -o '"port":[0-9]*' "$1" 2>/dev/null | tail -1 | cut -d: -f2)
    [ -n "$port" ] && { echo "$port"; return 0; }
    sleep 0.1
  done
  return 1
}

# queue_drained BIN DATA_DIR [SECONDS=20]: until the daemon's queue has nothing pending or leased.
queue_drained() {
  for _ in $(seq 1 $((${3:-20} * 10))); do
    case "$("$1" dlq stats --data-dir "$2")" in *'"pending":0,"leased":0'*) return 0 ;; esac
    sleep 0.1
  done
  return 1
}
