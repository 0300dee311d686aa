#!/usr/bin/env bash
# Long fuzz runs: each libFuzzer target in turn (never two at once: they
# share the machine) for SECONDS each, at nice 10, on a copy of the
# committed seeds plus what earlier runs of this script found (kept in
# WORK/<target>/corpus). Prints, per target, CPU seconds, executions and the
# result; exits 1 if any target crashed (inputs in WORK/<target>/crash-*).
#
# Build first:
#   CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DFERRY_FUZZ=ON
#   cmake --build build-fuzz --target fuzzers
# Usage: bench/fuzz.sh [SECONDS=1800] [BUILD=build-fuzz] [WORK=BUILD/fuzz-long] [TARGET...]
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-1800}
build=${2:-$here/build-fuzz}
work=${3:-$build/fuzz-long}
shift $(( $# < 3 ? $# : 3 ))
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for f in "$build"/fuzz/*_fuzzer; do [[ -x $f ]] && targets+=("$(basename "$f")"); done
fi
[[ ${#targets[@]} -gt 0 ]] || { echo "fuzz.sh: no fuzz targets in $build/fuzz (build them first)" >&2; exit 2; }

failed=0
printf '%-24s %10s %14s  %s\n' target cpu_s execs result
for t in "${targets[@]}"; do
  log=$work/$t.log
  mkdir -p "$work/$t"
  /usr/bin/time -f '%U %S' -o "$work/$t.time" nice -n 10 bash "$here/fuzz/run-fuzzer.sh" "$build/fuzz/$t" \
    "$here/fuzz/corpus/$t" "$work/$t" "$seconds" >"$log" 2>&1
  rc=$?
  cpu=$(awk '{printf "%.0f", $1+$2}' "$work/$t.time" 2>/dev/null || echo '?')
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  if [[ $rc -eq 0 ]]; then result=ok; else result="CRASH (rc $rc, see $log)"; failed=1; fi
  printf '%-24s %10s %14s  %s\n' "$t" "$cpu" "${execs:-?}" "$result"
done
exit $failed
