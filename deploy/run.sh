#!/usr/bin/env bash
# The main job on its embedded default, from a fresh Debian 12 machine (as root): installs what is
# missing, builds, starts the daemon with its embedded FHIR store (no upstream server), feeds it the
# sample reports of fixtures/reports/, waits until every report is assessed, and shows the derived
# results and the review worklist. On a terminal the daemon then keeps running (Ctrl-C stops it);
# otherwise it is stopped.
#   PORT=8080 (default)   DATA_DIR=var/demo (default; wiped at start so the run is reproducible)
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup-deps.sh
bash deploy/build.sh release
bin=build/release/adapter/sarcoma-adapter
port="${PORT:-8080}"
data="${DATA_DIR:-var/demo}"
rm -rf "$data"
mkdir -p "$data"

# A demo reviewer for the worklist web pages (review.users_file): a fresh random password per run,
# unless DEMO_PASSWORD is set. Production deployments list real reviewers (docs/OPERATIONS.md).
password="${DEMO_PASSWORD:-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 12)}"
hash=$(printf '%s\n' "$password" | "$bin" hash-password)
printf '{"users": [{"username": "demo-pathologist", "display": "Demo Pathologist", "password_hash": "%s"}]}\n' \
  "$hash" >"$data/reviewers.json"
chmod 600 "$data/reviewers.json"

SARCOMA_REVIEW_USERS_FILE="$data/reviewers.json" \
  "$bin" serve --listen "127.0.0.1:$port" --data-dir "$data" >"$data/daemon.out" 2>"$data/daemon.log" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do  # up to 10 s
  grep -q '"event":"listening"' "$data/daemon.out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$data/daemon.log"; echo "the daemon did not start"; exit 1; }
  sleep 0.1
done
base="http://127.0.0.1:$port/fhir"
echo "== daemon listening on 127.0.0.1:$port, embedded store in $data"

shopt -s nullglob
reports=()
for f in fixtures/reports/*.json fixtures/reports/*.xml; do
  case "$f" in *.expected.json) ;; *) reports+=("$f") ;; esac
done
echo "== storing ${#reports[@]} sample reports (fixtures/reports/) in the embedded store"
"$bin" submit --server "$base" "${reports[@]}" >"$data/submit.log"

echo "== waiting for the queue to drain"
for _ in $(seq 1 300); do  # up to 30 s
  stats=$("$bin" dlq stats --data-dir "$data")
  case "$stats" in *'"pending":0,"leased":0'*) break ;; esac
  sleep 0.1
done
echo "   queue: $stats"

echo
echo "== one report's derived resources (the transaction the daemon wrote back), also available offline:"
echo "   $bin assess fixtures/reports/07-narrative-myxofibrosarcoma-thigh-plain.json"
"$bin" assess fixtures/reports/07-narrative-myxofibrosarcoma-thigh-plain.json |
  grep -E '"(text|priority|description)"' | head -20
echo
echo "== the review worklist (GET $base/Task?status=requested&_sort=-priority)"
"$bin" worklist --server "$base"
echo
echo "The FHIR API of the embedded store: $base (e.g. curl '$base/Task?status=requested&_sort=-priority')"
echo
echo "== the review worklist web page: http://127.0.0.1:$port/"
echo "   sign in as demo-pathologist with password $password"
if [ -t 0 ]; then
  echo "The daemon keeps running; Ctrl-C stops it."
  wait "$pid"
fi
