#!/usr/bin/env bash
# Export and verify throughput of ferry against what a user would do by hand,
# measured side by side in ONE run on the same data and the same disk:
#
#   (a) ferry export --stack S --to M   then   ferry verify M
#   (b) the seed runbook's procedure:   tar -czf (local) ; sha256sum ; cp to the medium ; sync ;
#                                       sha256sum of the copy      (verify: sha256sum -c)
#   (c) a good shell pipeline:          tar -c | zstd -T0 | tee medium/file | sha256sum ; sync
#                                       (verify: sha256sum -c)
#
# The verify ratio compares `ferry verify M` with `sha256sum -c --strict` run
# on the same medium M (ferry's own manifest), so both read the same bytes.
#
# Fairness: the page cache is dropped before every export and every verify
# step (as root; the script says so when it cannot), and every export ends
# with its data on disk (ferry fsyncs each payload; (b) and (c) end in sync).
# Peak memory is ferry's maximum RSS from /usr/bin/time -v.
#
# The script only prints. It never asserts a timing: the goals are printed
# beside the measured ratios for a human to read.
#
# Usage: bench/export_verify_bench.sh [--size-mb N] [--work DIR]
#   FERRY_BIN   the ferry binary (default: build/src/cli/ferry of this checkout)
#   --size-mb   size of the generated data set (default 1024); 20,000 JSONL
#               files per GB, scaled down for quick runs
#   --work      where data (cached between runs) and media go
#               (default /var/tmp/ferry-bench)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
size_mb=1024
work=/var/tmp/ferry-bench
while (($#)); do
  case $1 in
    --size-mb) size_mb=$2; shift 2 ;;
    --size-mb=*) size_mb=${1#*=}; shift ;;
    --work) work=$2; shift 2 ;;
    --work=*) work=${1#*=}; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if ! [[ $size_mb =~ ^[0-9]+$ ]] || ((size_mb < 16)); then
  echo "--size-mb must be a whole number >= 16" >&2
  exit 2
fi
ferry=${FERRY_BIN:-$repo/build/src/cli/ferry}
[[ -x $ferry ]] || { echo "no ferry binary at $ferry (build it, or set FERRY_BIN)" >&2; exit 2; }
ferry=$(cd "$(dirname "$ferry")" && pwd)/$(basename "$ferry")

# GNU time gives the peak RSS; bash's `time` keyword cannot.
if [[ ! -x /usr/bin/time ]]; then
  if ((EUID == 0)) && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
  else
    echo "/usr/bin/time is missing: apt-get install time" >&2
    exit 2
  fi
fi
for tool in tar gzip zstd sha256sum python3; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 2; }
done

mkdir -p "$work"
work=$(cd "$work" && pwd)
data=$work/data-${size_mb}mb
run=$work/run
log=$work/log
mkdir -p "$log"

# ------------------------------------------------------------------ the data set
# Built once per size in a .partial folder and renamed when complete, so a
# cached data set is always whole. About 40% small JSONL files (text from a
# small vocabulary: compresses well), 60% binary weights: one incompressible
# file, one low-entropy file (16 symbols: compresses about 2x), one mostly
# zero file (sparse embeddings), like real model checkpoints.
if [[ ! -d $data ]]; then
  echo "generating a ${size_mb} MB model-like data set in $data (cached for later runs)..."
  rm -rf "$data.partial"
  python3 - "$data.partial" "$size_mb" <<'PY'
import hashlib, json, os, random, sys

root, size_mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(20240301)  # fixed seed: the same data set every time
MiB = 1 << 20
n_files = max(200, round(20000 * size_mb / 1024))
jsonl_bytes = int(size_mb * MiB * 0.4)
per_file = jsonl_bytes // n_files

words = [hashlib.sha256(str(i).encode()).hexdigest()[: 3 + i % 9] for i in range(3000)]
labels = ["PERSON", "ORG", "GPE", "MALWARE", "THREAT_ACTOR", "VULNERABILITY", "DEVICE"]
pool = []
for i in range(20000):
    text = " ".join(rng.choice(words) for _ in range(rng.randint(10, 40)))
    pool.append(json.dumps({"id": i, "text": text, "label": rng.choice(labels),
                            "score": round(rng.random(), 6)}) + "\n")
for i in range(n_files):
    out, size = [], 0
    while size < per_file:
        line = rng.choice(pool)
        out.append(line)
        size += len(line)
    path = os.path.join(root, "training_data", f"shard_{i // 1000:03d}", f"part_{i:05d}.jsonl")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("".join(out))

weights_dir = os.path.join(root, "models", "model-best")
os.makedirs(weights_dir, exist_ok=True)
weights = int(size_mb * MiB * 0.6)
low_entropy = bytes.maketrans(bytes(range(256)), bytes((b % 16) * 17 for b in range(256)))
mostly_zero = bytes.maketrans(bytes(range(256)), bytes(b if b < 16 else 0 for b in range(256)))
plan = [("weights.safetensors", weights // 2, None),
        ("optimizer.bin", weights // 4, low_entropy),
        ("embeddings.bin", weights - weights // 2 - weights // 4, mostly_zero)]
for name, size, table in plan:
    with open(os.path.join(weights_dir, name), "wb") as f:
        chunk = 0
        while size > 0:
            block = hashlib.shake_256(f"{name}-{chunk}".encode()).digest(min(size, 8 * MiB))
            f.write(block.translate(table) if table else block)
            size -= len(block)
            chunk += 1
with open(os.path.join(root, "meta.json"), "w") as f:
    json.dump({"name": "bench-model", "files": n_files, "size_mb": size_mb}, f)
PY
  mv "$data.partial" "$data"
fi
data_files=$(find "$data" -type f | wc -l)
data_bytes=$(du -sb "$data" | cut -f1)

# ------------------------------------------------------------------ helpers
can_drop=1
drop_caches() {
  # Cold caches for every read phase, so no method reads from RAM what
  # another just wrote; without root this is impossible and the numbers
  # favour whatever ran last.
  sync
  if ((can_drop)) && ! { echo 3 >/proc/sys/vm/drop_caches; } 2>/dev/null; then
    can_drop=0
    echo "NOTE: cannot drop the page cache here (needs root and a writable /proc/sys); reads may be cached" >&2
  fi
}

now_ns() { date +%s%N; }
declare -A secs
failed=0
# timed NAME CMD... : runs CMD, records its wall-clock seconds under NAME. A
# failing step is reported and the run goes on, so one broken method does
# not hide the others; its time is then marked FAILED.
timed() {
  local name=$1 start end rc=0
  shift
  start=$(now_ns)
  "$@" || rc=$?
  end=$(now_ns)
  secs[$name]=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  if ((rc != 0)); then
    printf '  %-28s %8s s   FAILED (exit %d)\n' "$name" "${secs[$name]}" "$rc"
    secs[$name]=FAILED
    failed=1
  else
    printf '  %-28s %8s s\n' "$name" "${secs[$name]}"
  fi
}
peak_mb() { [[ -f $1 ]] && awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1" || echo "?"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2fx", a / b; else print "n/a" }'; }

rm -rf "$run"
mkdir -p "$run/ferry-medium" "$run/seed-local" "$run/seed-medium" "$run/pipe-medium" "$run/state"
export FERRY_STATE_DIR=$run/state  # a fresh journal: nothing to resume from
cat >"$run/bench.toml" <<TOML
[stack]
name = "bench"

[[component]]
name = "models"
kind = "files"
path = "$data"
TOML

parent=$(dirname "$data")
base=$(basename "$data")
echo
echo "ferry:  $ferry ($("$ferry" --version 2>/dev/null || echo '?'))"
echo "data:   $data: $data_files files, $((data_bytes / 1048576)) MiB"
echo "medium: $run (same disk for every method)   cores: $(nproc)"
echo

# ------------------------------------------------------------------ (a) ferry
ferry_export() {
  /usr/bin/time -v -o "$log/ferry-export.time" \
    "$ferry" export --stack "$run/bench.toml" --to "$run/ferry-medium" --quiet
}
ferry_verify() {
  /usr/bin/time -v -o "$log/ferry-verify.time" "$ferry" verify "$run/ferry-medium" --quiet
}
# ------------------------------------------------------------------ (b) the seed's runbook
seed_export() {
  tar -czf "$run/seed-local/model.tar.gz" -C "$parent" "$base"
  (cd "$run/seed-local" && sha256sum model.tar.gz >"$run/seed-local/before.sha256")
  cp "$run/seed-local/model.tar.gz" "$run/seed-medium/"
  sync
  (cd "$run/seed-medium" && sha256sum model.tar.gz >"$run/seed-local/after.sha256")
  cmp -s "$run/seed-local/before.sha256" "$run/seed-local/after.sha256"
}
# ------------------------------------------------------------------ (c) tar | zstd pipe
pipe_export() {
  tar -c -C "$parent" "$base" | zstd -q -T0 -3 | tee "$run/pipe-medium/model.tar.zst" | sha256sum |
    sed 's/ -$/ model.tar.zst/' >"$run/pipe-medium/SHA256SUMS"
  sync
}
sha_check() { (cd "$1" && sha256sum -c --strict --quiet "$2"); }

echo "export (page cache dropped before each):"
drop_caches; timed "ferry export" ferry_export
drop_caches; timed "seed: tar -czf+sha+cp+sha" seed_export
drop_caches; timed "pipe: tar|zstd|tee|sha" pipe_export
echo "verify (page cache dropped before each):"
drop_caches; timed "ferry verify" ferry_verify
drop_caches; timed "sha256sum -c (ferry medium)" sha_check "$run/ferry-medium" MIGRATION_MANIFEST.txt
drop_caches; timed "sha256sum -c (pipe medium)" sha_check "$run/pipe-medium" SHA256SUMS

size_of() { du -sb "$1" | cut -f1; }
export_rss=$(peak_mb "$log/ferry-export.time")
verify_rss=$(peak_mb "$log/ferry-verify.time")
# The peak of a run that failed early says nothing about ferry's memory.
[[ ${secs[ferry export]} != FAILED ]] || export_rss=n/a
[[ ${secs[ferry verify]} != FAILED ]] || verify_rss=n/a
mib() { awk -v b="$1" 'BEGIN { printf "%.0f MiB", b / 1048576 }'; }

echo
echo "== results: ${size_mb} MB data set, $data_files files =="
printf '%-34s %10s %14s\n' "method" "seconds" "on the medium"
printf '%-34s %10s %14s\n' "ferry export (zstd -3, verified)" "${secs[ferry export]}" "$(mib "$(size_of "$run/ferry-medium")")"
printf '%-34s %10s %14s\n' "seed: tar -czf, sha256sum, cp, sha" "${secs[seed: tar -czf+sha+cp+sha]}" "$(mib "$(size_of "$run/seed-medium")")"
printf '%-34s %10s %14s\n' "pipe: tar|zstd -T0|tee|sha256sum" "${secs[pipe: tar|zstd|tee|sha]}" "$(mib "$(size_of "$run/pipe-medium")")"
printf '%-34s %10s\n' "ferry verify" "${secs[ferry verify]}"
printf '%-34s %10s\n' "sha256sum -c (same medium)" "${secs[sha256sum -c (ferry medium)]}"
printf '%-34s %10s\n' "sha256sum -c (pipe's medium)" "${secs[sha256sum -c (pipe medium)]}"
echo
printf '%-40s %10s   %s\n' "ratio" "measured" "goal"
printf '%-40s %10s   %s\n' "seed export / ferry export" "$(ratio "${secs[seed: tar -czf+sha+cp+sha]}" "${secs[ferry export]}")" ">= 6x"
printf '%-40s %10s   %s\n' "pipe export / ferry export" "$(ratio "${secs[pipe: tar|zstd|tee|sha]}" "${secs[ferry export]}")" ">= 1x (no slower than the pipe)"
printf '%-40s %10s   %s\n' "sha256sum -c / ferry verify" "$(ratio "${secs[sha256sum -c (ferry medium)]}" "${secs[ferry verify]}")" ">= 3x"
printf '%-40s %10s   %s\n' "ferry export peak RSS" "${export_rss} MB" "< 256 MB"
printf '%-40s %10s   %s\n' "ferry verify peak RSS" "${verify_rss} MB" "< 256 MB"
if ((!can_drop)); then
  echo "NOTE: the page cache could not be dropped; verify times may come from RAM."
fi
echo "(/usr/bin/time -v output of ferry: $log/ferry-*.time)"
if ((failed)); then
  echo "NOTE: a step FAILED (see above); its ratios are n/a."
fi
