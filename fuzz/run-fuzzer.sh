#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time on a copy of its seed corpus,
# so the committed seeds never change. A crash fails (exit non-zero) and
# leaves its input as WORK/crash-* (libFuzzer's artifact), to be turned into
# a regression test.
#
# Usage: fuzz/run-fuzzer.sh FUZZER SEED_DIR WORK_DIR SECONDS [libFuzzer flags...]
set -euo pipefail
if [[ $# -lt 4 ]]; then
  echo "usage: $0 FUZZER SEED_DIR WORK_DIR SECONDS [flags...]" >&2
  exit 2
fi
fuzzer=$1 seeds=$2 work=$3 seconds=$4
shift 4
mkdir -p "$work/corpus" "$work/scratch"
[[ -d $seeds ]] && cp -n "$seeds"/* "$work/corpus/" 2>/dev/null || true
export FERRY_FUZZ_SCRATCH=$work/scratch
# One job, bounded memory and per-input time; halt_on_error keeps UBSan fatal.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
# SECONDS 0: replay the corpus once, explore nothing.
if [[ $seconds == 0 ]]; then
  exec "$fuzzer" -runs=0 -timeout=25 -rss_limit_mb=2048 -artifact_prefix="$work/" "$@" "$work/corpus"
fi
exec "$fuzzer" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len=1048576 \
  -print_final_stats=1 -artifact_prefix="$work/" "$@" "$work/corpus"
