#!/usr/bin/env bash
# `ferry reset-volume` and its rollback against what a user would run by
# hand for the seed's Scenario 3 with a copy kept first (stop; tar the
# volume in a throwaway container | zstd; empty it in another; start;
# later zstd -dc | tar -x back), on the same podman volume in the same run.
# ferry does more for its time: it verifies the export, reads the copy back
# from the device and through tar before emptying, and rollback keeps what
# it replaces. Prints seconds and ratios; asserts nothing.
# Usage: bench/volume_reset_bench.sh [MB] (default 256: half random, half
# text). Needs scripts/deps.d/40-podman.sh and a build.
set -euo pipefail
mb=${1:-256}
here=$(cd "$(dirname "$0")/.." && pwd)
ferry=${FERRY:-$here/build/src/cli/ferry}
image=localhost/ferry-test-base
work=$(mktemp -d /tmp/ferry-volreset-bench.XXXXXX)
tag=bench-$$
volume=ferry-$tag-data
container=ferry-$tag-db
sock=$work/podman.sock
export FERRY_STATE_DIR=$work/state
service_pid=
cleanup() {
  podman rm -f -t 0 "$container" >/dev/null 2>&1 || true
  podman volume rm -f "$volume" >/dev/null 2>&1 || true
  [[ -n $service_pid ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

podman system service --time=0 "unix://$sock" >/dev/null 2>&1 &
service_pid=$!
export DOCKER_HOST=unix://$sock
for _ in $(seq 100); do [[ -S $sock ]] && break; sleep 0.1; done

podman volume create "$volume" >/dev/null
podman run -d --name "$container" -v "$volume:/data" "$image" \
  sh -c "trap 'exit 0' TERM; while :; do sleep 1 & wait \$!; done" >/dev/null
echo "filling $volume with $mb MB"
podman exec "$container" sh -c "mkdir -p /data/a /data/b && \
  head -c $((mb / 2))M /dev/urandom >/data/a/random.bin && \
  seq 1 100000000 | head -c $((mb / 2))M >/data/b/text.txt && chown -R 999:999 /data/b"

# reset-volume needs a verified export of the component: a tiny one here.
mkdir -p "$work/root/conf" "$work/medium"
echo "setting" >"$work/root/conf/app.conf"
cat >"$work/root/ferry.toml" <<TOML
[[component]]
name = "db"
kind = "files"
path = "conf"
container = "$container"
volumes = ["$volume"]
TOML
"$ferry" export --stack "$work/root/ferry.toml" --to "$work/medium" -q

now() { date +%s.%N; }
t0=$(now)
podman stop -t 30 "$container" >/dev/null
podman run --rm --network none -v "$volume:/v" "$image" tar -C /v --numeric-owner -cf - . |
  zstd -3 -T0 -q >"$work/plain.tar.zst"
podman run --rm --network none -v "$volume:/v" "$image" find /v -mindepth 1 -delete
podman start "$container" >/dev/null
t1=$(now)
podman stop -t 30 "$container" >/dev/null
zstd -dc "$work/plain.tar.zst" | podman run --rm -i --network none -v "$volume:/v" "$image" \
  tar -C /v --numeric-owner -xpf -
podman start "$container" >/dev/null
t2=$(now)
"$ferry" reset-volume --from "$work/medium" --stack "$work/root/ferry.toml" --component db \
  --yes-delete-volume-contents -q
t3=$(now)
"$ferry" rollback --from "$work/medium" --stack "$work/root/ferry.toml" -q
t4=$(now)
owner=$(podman exec "$container" stat -c %u:%g /data/b/text.txt)
[[ $owner == 999:999 ]] || echo "WARNING: owner after rollback is $owner, not 999:999"

python3 - "$t0" "$t1" "$t2" "$t3" "$t4" "$work" <<'PY'
import glob, os, sys
t0, t1, t2, t3, t4 = map(float, sys.argv[1:6]); work = sys.argv[6]
pr, pb, fr, fb = t1 - t0, t2 - t1, t3 - t2, t4 - t3
copies = glob.glob(os.path.join(work, "root", ".ferry-rollback", "*", "db", "*.tar.zst"))
ferry_size = max((os.path.getsize(c) for c in copies), default=0)
print(f"by hand: copy+empty {pr:.2f}s, put back {pb:.2f}s (copy {os.path.getsize(os.path.join(work, 'plain.tar.zst'))/1e6:.1f} MB)")
print(f"ferry:   reset-volume {fr:.2f}s, rollback {fb:.2f}s (copy {ferry_size/1e6:.1f} MB)")
print(f"ratio by-hand/ferry: reset {pr/fr:.2f}x, rollback {pb/fb:.2f}x (>1 means ferry is faster)")
PY
