#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine (as root): installs what is missing, builds, and
# runs the adapter over the sample reports. Until `assess` and the daemon land (issues 6 and 7),
# that job is `validate`: parse each report (JSON or XML), resolve its Observations, and print
# what was found and every warning.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup-deps.sh
bash deploy/build.sh release
bin=build/release/adapter/sarcoma-adapter
shopt -s nullglob
for f in fixtures/reports/*.json fixtures/reports/*.xml fixtures/hl7/diagnosticreport-*.json fixtures/hl7/diagnosticreport-*.xml; do
  echo "== $f"
  # Show the reports found and how many warnings; the full OperationOutcome is one command away.
  if out=$("$bin" validate "$f"); then
    printf '%s\n' "$out" | grep '"diagnostics"' | grep -E 'Observation\(s\) reached' | sed 's/^ *"diagnostics": /  /'
    echo "  warnings: $(printf '%s\n' "$out" | grep -c '"severity": "warning"')"
  else
    echo "  unusable (exit $?)"
  fi
done
echo
echo "Full detail for one report: $bin validate fixtures/hl7/diagnosticreport-example-ghp.json"
