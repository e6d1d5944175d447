#!/usr/bin/env bash
# The review worklist web pages in a real browser (issue 9): a daemon on 127.0.0.1 with its
# embedded store and a reviewers file, five sample reports stored and assessed, then Debian's
# Chromium driven by tests/web/review_flow.mjs (sign in, filter, open a case, an invalid
# submission, amend, confirm, exports, sign out) with the store checked after each step.
# Screenshots: $SARCOMA_BUILD_DIR/test-artifacts/web/. Logs must not carry the report text.
set -u
bin="${SARCOMA_BIN:?SARCOMA_BIN not set}"
src="${SARCOMA_SOURCE_DIR:-.}"
# shellcheck source=lib.sh
. "$src/tests/scripts/lib.sh"
artifacts="${SARCOMA_BUILD_DIR:-/tmp}/test-artifacts/web"
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
rm -rf "$artifacts" && mkdir -p "$artifacts"

password="browser-test-$(date +%s%N)"
hash=$(printf '%s\n' "$password" | "$bin" hash-password --iterations 1000) || { echo "FAIL: hash-password"; exit 1; }
printf '{"users": [{"username": "browser-reviewer", "display": "Dr Browser Test", "password_hash": "%s"}]}\n' "$hash" \
  >"$tmp/reviewers.json"
mkdir -p "$tmp/data"
SARCOMA_REVIEW_USERS_FILE="$tmp/reviewers.json" "$bin" serve --listen 127.0.0.1:0 --data-dir "$tmp/data" \
  >"$tmp/out" 2>"$tmp/log" &
pid=$!
port=$(daemon_port "$tmp/out") || { echo "FAIL: daemon did not start"; cat "$tmp/log"; exit 1; }

r="$src/fixtures/reports"
"$bin" submit --server "http://127.0.0.1:$port/fhir" "$r/01-coded-lms-thigh-collection.json" \
  "$r/07-narrative-myxofibrosarcoma-thigh-plain.json" "$r/12-mixed-myxofibrosarcoma-10cm-mitoses-10-necrosis-50.json" \
  "$r/17-narrative-angiosarcoma-scalp.json" "$r/24-narrative-ups-post-neoadjuvant-ypt2.json" >"$tmp/submit" 2>&1 ||
  { echo "FAIL: submit"; cat "$tmp/submit"; exit 1; }
queue_drained "$bin" "$tmp/data" 20 || { echo "FAIL: the queue did not drain"; exit 1; }

# Bounded: the flow has its own per-step timeouts; this caps the whole browser run.
timeout 180 node "$src/tests/web/review_flow.mjs" --base "http://127.0.0.1:$port" --user browser-reviewer \
  --password "$password" --artifacts "$artifacts"
rc=$?
failures=0
[ "$rc" -eq 0 ] || { echo "FAIL: browser flow exited $rc (screenshots in $artifacts)"; failures=$((failures + 1)); }

# No PHI in logs: no narrative text, no patient references, no comment text.
if grep -E -q "Necrosis re-estimated|Myxofibrosarcoma|Patient/test-patient|$password" "$tmp/log"; then
  echo "FAIL: the daemon log carries clinical text, patient references or the password"; failures=$((failures + 1))
else
  echo "ok: the daemon log carries no clinical text, patient references or password"
fi
grep -q '"event":"web.review_saved"' "$tmp/log" && echo "ok: reviews are logged by Task id" ||
  { echo "FAIL: no web.review_saved event"; failures=$((failures + 1)); }

kill -TERM "$pid"; wait "$pid"; code=$?; pid=""
[ "$code" -eq 0 ] && echo "ok: SIGTERM exits 0" || { echo "FAIL: exit $code"; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "web review browser test passed"
