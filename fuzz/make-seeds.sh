#!/usr/bin/env bash
# Regenerates the "real" seeds of fuzz/corpus/ from a real medium: builds
# the bundled example stack (examples/make-example.sh), exports it with the
# given ferry binary, and copies the medium's files in, each in the shape
# its fuzz target reads. Hand-written seeds (hostile cases) stay as they are.
#
# Usage: fuzz/make-seeds.sh FERRY_BIN [OUT_DIR=/tmp/ferry-fuzz-seeds]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ferry=$1
out=${2:-/tmp/ferry-fuzz-seeds}
bash "$here/../examples/make-example.sh" "$out"
rm -rf "$out/medium" "$out/state"
mkdir -p "$out/medium"
FERRY_STATE_DIR=$out/state "$ferry" export --stack "$out/source/ferry.toml" --to "$out/medium" -q
python3 - "$out/medium" "$here/corpus" <<'PY'
import io, os, subprocess, sys, tarfile
medium, corpus = sys.argv[1], sys.argv[2]
def put(target, name, data):
    os.makedirs(os.path.join(corpus, target), exist_ok=True)
    with open(os.path.join(corpus, target, name), "wb") as f:
        f.write(data)
text = open(os.path.join(medium, "MIGRATION_MANIFEST.txt"), "rb").read()
js = open(os.path.join(medium, "MIGRATION_MANIFEST.json"), "rb").read()
put("manifest_text_fuzzer", "real-medium.txt", text)
put("manifest_json_fuzzer", "real-medium.json", js + b"\0" + text)
put("stack_file_fuzzer", "real-medium.toml", open(os.path.join(medium, "ferry.toml"), "rb").read())
# zstd: the first byte picks the read size; small real frames only.
for root, _, files in os.walk(medium):
    for n in sorted(files):
        p = os.path.join(root, n)
        if n.endswith(".zst") and os.path.getsize(p) < (256 << 10):
            put("zstd_fuzzer", "real-" + n, b"\x07" + open(p, "rb").read())
# tar: the real archive is tens of MiB; its first members, re-packed the
# same way (pax), keep the shape and stay small.
tar_zst = os.path.join(medium, "models", "files.tar.zst")
if os.path.exists(tar_zst):
    raw = subprocess.run(["zstd", "-dc", tar_zst], stdout=subprocess.PIPE, check=True).stdout
    src = tarfile.open(fileobj=io.BytesIO(raw))
    buf = io.BytesIO()
    dst = tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT)
    for m in src.getmembers()[:40]:
        if m.isfile() and m.size > 4096:
            continue
        dst.addfile(m, src.extractfile(m) if m.isfile() else None)
    dst.close()
    put("safe_extract_fuzzer", "real-medium-head.tar", buf.getvalue())
PY
echo "seeds written under $here/corpus"
