#!/usr/bin/env bash
# `sarcoma-adapter batch` (issue 8): NDJSON in, transaction Bundles out in input order, errors with
# their line numbers and OperationOutcomes beside; -j 2 gives byte-identical output; gzip input;
# kill -9 part-way and --resume ends with exactly the output of an uninterrupted run.
set -u
bin="${SARCOMA_BIN:?SARCOMA_BIN not set}"
src="${SARCOMA_SOURCE_DIR:-.}"
# shellcheck source=lib.sh
. "$src/tests/scripts/lib.sh"
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
# The JSON fixtures, one per line (node compacts them), with two bad lines, repeated.
node -e '
const fs = require("fs"), path = require("path");
const dir = process.argv[1];
const lines = fs.readdirSync(dir).filter(f => f.endsWith(".json") && !f.endsWith(".expected.json")).sort()
  .map(f => JSON.stringify(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))));
lines.splice(5, 0, "{\"resourceType\":\"Patient\"}");
lines.splice(9, 0, "not json");
let out = "";
for (let i = 0; i < Number(process.argv[2]); i++) out += lines.join("\n") + "\n";
fs.writeFileSync(process.argv[3], out);' "$src/fixtures/reports" 4 "$tmp/small.ndjson"
lines=$(wc -l <"$tmp/small.ndjson")
fixed=(--recorded 2026-01-01T00:00:00Z)

"$bin" batch "$tmp/small.ndjson" -o "$tmp/a.ndjson" "${fixed[@]}" 2>"$tmp/progress"
check "a file with bad lines exits 65" 65 $?
check "two bad lines per copy reported" 8 "$(wc -l <"$tmp/a.ndjson.errors.ndjson")"
check "every other line gives a Bundle" $((lines - 8)) "$(wc -l <"$tmp/a.ndjson")"
grep -q '^{"line":6,"outcome":{"resourceType":"OperationOutcome"' "$tmp/a.ndjson.errors.ndjson"; check "error names line 6" 0 $?
grep -q '"event":"done"' "$tmp/progress"; check "summary on stderr" 0 $?
node -e 'const l=require("fs").readFileSync(process.argv[1],"utf8").trim().split("\n");process.exit(l.every(x=>{const b=JSON.parse(x);return b.resourceType==="Bundle"&&b.type==="transaction"})?0:1)' "$tmp/a.ndjson"
check "every output line is a transaction Bundle" 0 $?
# Input order: the first output line is the first fixture's Bundle.
first=$(ls "$src"/fixtures/reports/*.json | grep -v expected | head -1)
"$bin" assess "${fixed[@]}" "$first" | node -e 'process.stdout.write(JSON.stringify(JSON.parse(require("fs").readFileSync(0,"utf8"))))' >"$tmp/first.json"
check "output keeps input order" "$(cat "$tmp/first.json")" "$(head -1 "$tmp/a.ndjson")"

"$bin" batch "$tmp/small.ndjson" -o "$tmp/b.ndjson" -j 2 "${fixed[@]}" 2>/dev/null
cmp -s "$tmp/a.ndjson" "$tmp/b.ndjson"; check "-j 2 gives byte-identical output" 0 $?
cmp -s "$tmp/a.ndjson.errors.ndjson" "$tmp/b.ndjson.errors.ndjson"; check "-j 2 gives the same errors" 0 $?
gzip -c "$tmp/small.ndjson" >"$tmp/small.ndjson.gz"
"$bin" batch "$tmp/small.ndjson.gz" -o "$tmp/c.ndjson" "${fixed[@]}" 2>/dev/null
cmp -s "$tmp/a.ndjson" "$tmp/c.ndjson"; check "gzip input gives the same output" 0 $?

# Interrupted and resumed: the same result as one uninterrupted run.
node -e 'const fs=require("fs");const s=fs.readFileSync(process.argv[1],"utf8");fs.writeFileSync(process.argv[2],s.repeat(60))' "$tmp/small.ndjson" "$tmp/big.ndjson"
"$bin" batch "$tmp/big.ndjson" -o "$tmp/whole.ndjson" "${fixed[@]}" 2>/dev/null
total=$(wc -l <"$tmp/big.ndjson")
half=$((total / 2))
# The interrupted runs read big.ndjson through a FIFO that holds back its second half until the
# signal has been sent, so the run is surely mid-file when it is stopped, however fast the
# machine; it is signalled once its first checkpoint is on disk. --resume then reads the file.
interrupt() {  # signal output -> the interrupted run's exit code
  rm -f "$tmp/fifo" && mkfifo "$tmp/fifo"
  "$bin" batch "$tmp/fifo" -o "$2" "${fixed[@]}" 2>"$2.err" &
  pid=$!
  exec 3>"$tmp/fifo"
  head -n "$half" "$tmp/big.ndjson" >&3
  for _ in $(seq 300); do [ -s "$2.checkpoint" ] && break; sleep 0.1; done
  kill "-$1" "$pid" 2>/dev/null
  wait "$pid"
  local rc=$?
  exec 3>&-
  pid=""
  return "$rc"
}
interrupt KILL "$tmp/part.ndjson"
check "kill -9 ends the run" 137 $?
before=$(wc -l <"$tmp/part.ndjson")
[ "$before" -gt 0 ] && [ "$before" -le "$half" ]; check "killed part-way ($before of $total lines written)" 0 $?
"$bin" batch "$tmp/big.ndjson" -o "$tmp/part.ndjson" --resume "${fixed[@]}" 2>/dev/null
cmp -s "$tmp/whole.ndjson" "$tmp/part.ndjson"; check "kill -9 then --resume: same output" 0 $?
cmp -s "$tmp/whole.ndjson.errors.ndjson" "$tmp/part.ndjson.errors.ndjson"; check "and the same errors" 0 $?

# Ctrl-C (SIGINT): stops reading, writes what it read, checkpoints, exits 130; --resume finishes.
interrupt INT "$tmp/int.ndjson"
check "SIGINT exits 130" 130 $?
grep -q 'run again with --resume' "$tmp/int.ndjson.err"; check "SIGINT says how to continue" 0 $?
stopped=$(sed -n 's/.*interrupted after line \([0-9]*\).*/\1/p' "$tmp/int.ndjson.err")
[ -n "$stopped" ] && [ "$stopped" -le "$half" ]; check "stopped part-way (after line $stopped of $total)" 0 $?
check "the checkpoint vouches for every line written" "$(wc -c <"$tmp/int.ndjson")" "$(cut -d' ' -f2 "$tmp/int.ndjson.checkpoint")"
"$bin" batch "$tmp/big.ndjson" -o "$tmp/int.ndjson" --resume "${fixed[@]}" 2>"$tmp/int2.err"
cmp -s "$tmp/whole.ndjson" "$tmp/int.ndjson"; check "SIGINT then --resume: same output" 0 $?
# A failure on the syncer thread (the checkpoint cannot be written: its temporary name is taken by
# a directory) stops the run with 74, leaves no checkpoint - the stale one of an earlier run to the
# same OUT was removed before the outputs were emptied - and a later run starts over cleanly.
cp "$tmp/whole.ndjson.checkpoint" "$tmp/sf.ndjson.checkpoint"
mkdir "$tmp/sf.ndjson.checkpoint.tmp"
"$bin" batch "$tmp/big.ndjson" -o "$tmp/sf.ndjson" "${fixed[@]}" 2>"$tmp/sf.err"
check "a checkpoint that cannot be written exits 74" 74 $?
grep -q 'Is a directory' "$tmp/sf.err"; check "and says why" 0 $?
[ ! -e "$tmp/sf.ndjson.checkpoint" ]; check "no checkpoint is left, not even the earlier run's" 0 $?
rmdir "$tmp/sf.ndjson.checkpoint.tmp"
"$bin" batch "$tmp/big.ndjson" -o "$tmp/sf.ndjson" --resume "${fixed[@]}" 2>/dev/null
cmp -s "$tmp/whole.ndjson" "$tmp/sf.ndjson"; check "then --resume starts over: same output" 0 $?
# Outputs shorter than their checkpoint (changed after it) are refused, not padded with zeros.
cp "$tmp/whole.ndjson" "$tmp/sh.ndjson"; cp "$tmp/whole.ndjson.errors.ndjson" "$tmp/sh.ndjson.errors.ndjson"
cp "$tmp/whole.ndjson.checkpoint" "$tmp/sh.ndjson.checkpoint"
truncate -s 100 "$tmp/sh.ndjson"
"$bin" batch "$tmp/big.ndjson" -o "$tmp/sh.ndjson" --resume "${fixed[@]}" 2>"$tmp/sh.err"
check "--resume onto outputs shorter than the checkpoint exits 65" 65 $?
grep -q 'shorter than .*sh.ndjson.checkpoint says' "$tmp/sh.err"; check "saying why" 0 $?
check "and leaves them as they were" 100 "$(wc -c <"$tmp/sh.ndjson")"

# The closing summary counts the whole file across the two runs: reports, sarcoma, main reasons.
"$bin" batch "$tmp/big.ndjson" -o "$tmp/whole2.ndjson" "${fixed[@]}" 2>"$tmp/whole2.err"
summary() { grep '"event":"done"' "$1" | sed 's/,"seconds".*//'; }
check "resumed summary equals an uninterrupted run's" "$(summary "$tmp/whole2.err")" "$(summary "$tmp/int2.err")"
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n").find(l => l.includes("\"done\"")));
const routed = Object.values(s.routed).reduce((a, b) => a + b, 0);
process.exit(s.sarcoma > 0 && s.reports >= s.sarcoma && routed === s.sarcoma && s.errors === 480 ? 0 : 1);' "$tmp/whole2.err"
check "summary: sarcoma reports all routed by a main reason, 480 errors" 0 $?

# On a terminal (script(1) gives it one): a progress bar with percent and ETA redrawn in place, then
# a summary for a person.
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then  # needs a pty
  script -qec "'$bin' batch '$tmp/big.ndjson' -o '$tmp/tty.ndjson' --recorded 2026-01-01T00:00:00Z" /dev/null >"$tmp/tty.txt" 2>&1
  grep -q '% \[#* *\] [0-9]*/s  ETA [0-9]:[0-9][0-9]' "$tmp/tty.txt"; check "a terminal shows a progress bar with rate and ETA" 0 $?
  grep -q 'routed by main reason:' "$tmp/tty.txt"; check "and a readable summary" 0 $?
  cmp -s "$tmp/whole.ndjson" "$tmp/tty.ndjson"; check "with the same output" 0 $?
fi

# A full disk is an error, never a quiet success with output missing (stdout on /dev/full: ENOSPC).
"$bin" batch "$tmp/small.ndjson" "${fixed[@]}" >/dev/full 2>"$tmp/full.err"
check "writing to a full device exits 74" 74 $?
grep -q 'cannot write standard output: No space left on device' "$tmp/full.err"; check "and says why" 0 $?
"$bin" batch "$tmp/small.ndjson" -j 2 "${fixed[@]}" >/dev/full 2>/dev/null
check "also with -j 2" 74 $?

"$bin" batch "$tmp/small.ndjson" -o /dev/full "${fixed[@]}" 2>/dev/null
check "-o /dev/full exits 74 too" 74 $?

# -o naming a device or a pipe: written as to stdout, with no checkpoint or errors file beside it.
"$bin" batch "$tmp/small.ndjson" -o /dev/null "${fixed[@]}" 2>/dev/null; check "-o /dev/null runs (65: the bad lines)" 65 $?
[ ! -e /dev/null.checkpoint ] && [ ! -e /dev/null.errors.ndjson ]; check "and leaves nothing in /dev" 0 $?
"$bin" batch "$tmp/small.ndjson" -o /dev/stdout "${fixed[@]}" 2>/dev/null | cmp -s - "$tmp/a.ndjson"
check "-o /dev/stdout into a pipe gives the same output as a file" 0 $?
"$bin" batch "$tmp/small.ndjson" -o /dev/stdout "${fixed[@]}" >"$tmp/ds.ndjson" 2>/dev/null
cmp -s "$tmp/ds.ndjson" "$tmp/a.ndjson"; check "-o /dev/stdout redirected to a file gives the same output" 0 $?
[ ! -e /dev/stdout.checkpoint ] && [ ! -e /dev/stdout.errors.ndjson ]; check "and creates nothing beside /dev/stdout" 0 $?
# A regular file under /dev (tmpfs /dev/shm) is a file: checkpointed like any other.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  shm="/dev/shm/sarcoma-batch-test-$$.ndjson"
  "$bin" batch "$tmp/small.ndjson" -o "$shm" "${fixed[@]}" 2>/dev/null
  cmp -s "$shm" "$tmp/a.ndjson" && [ -s "$shm.checkpoint" ]; check "-o /dev/shm/FILE is a checkpointed file" 0 $?
  rm -f "$shm" "$shm.checkpoint" "$shm.errors.ndjson"
fi
"$bin" batch "$tmp/small.ndjson" -o /dev/null --resume >/dev/null 2>&1; check "--resume into a device is a usage error" 64 $?

"$bin" batch --resume "$tmp/small.ndjson" >/dev/null 2>&1; check "--resume without -o is a usage error" 64 $?
"$bin" batch "$tmp/missing.ndjson" -o "$tmp/x.ndjson" >/dev/null 2>&1; check "missing input exits 66" 66 $?
[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
