#!/usr/bin/env bash
# Migrates the bundled example stack with ferry, end to end, and then checks
# the medium the way a user without ferry would (sha256sum -c --strict).
#
#   OUT_DIR/source/   the example stack (examples/make-example.sh; kept between runs)
#   OUT_DIR/medium/   the transfer medium (a USB drive's mount point in real life)
#   OUT_DIR/target/   where the stack is restored (--root)
#   OUT_DIR/state/    ferry's journal (FERRY_STATE_DIR)
#
# medium/, target/ and state/ are cleared first, so every run is a full,
# fresh migration. Exits with ferry's status (0 ok, 1 problems found,
# 2 could not run, 130 interrupted), or 1 when the manual check fails.
#
# Usage: examples/run-example.sh FERRY_BIN OUT_DIR
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 FERRY_BIN OUT_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
ferry=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
[[ -x $ferry ]] || { echo "run-example: $ferry is not an executable (build first: make build)" >&2; exit 2; }

bash "$here/make-example.sh" "$out"
out=$(cd "$out" && pwd)

# A repeatable run: no medium, target or journal left from the last one.
rm -rf "$out/medium" "$out/target" "$out/state"
mkdir -p "$out/medium" "$out/target"
export FERRY_STATE_DIR=$out/state

echo
echo "== ferry migrate --stack $out/source/ferry.toml --via $out/medium --root $out/target"
status=0
"$ferry" migrate --stack "$out/source/ferry.toml" --via "$out/medium" --root "$out/target" || status=$?
echo
echo "ferry migrate exited with $status"

if [[ -f $out/medium/MIGRATION_MANIFEST.txt ]]; then
  echo
  echo "== the medium checked without ferry: (cd $out/medium && sha256sum -c --strict MIGRATION_MANIFEST.txt)"
  if ! (cd "$out/medium" && sha256sum -c --strict MIGRATION_MANIFEST.txt); then
    echo "run-example: sha256sum -c --strict FAILED on the medium" >&2
    ((status != 0)) || status=1
  fi
  echo
  echo "== medium layout"
  (cd "$out/medium" && find . -type f -printf '%10s  %P\n' | sort -k2)
else
  echo "no MIGRATION_MANIFEST.txt on the medium: the export did not finish"
fi
exit "$status"
