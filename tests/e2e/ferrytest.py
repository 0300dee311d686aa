"""Shared helpers for ferry's end-to-end tests.

Everything here is real: trees on disk, git repositories, SQLite files, the
ferry binary run as a child process. The digest below is an independent
Python implementation, so a bug in ferry's own tree digest cannot hide a
difference between source and restored target.
"""
import hashlib
import json
import os
import random
import shutil
import sqlite3
import stat
import subprocess
import tempfile
import unittest

FERRY = os.environ.get("FERRY_BIN", "ferry")


def run(cmd, cwd=None, check=True, env=None, input=None):
    return subprocess.run(cmd, cwd=cwd, check=check, env=env, input=input,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            block = f.read(1 << 20)
            if not block:
                return h.hexdigest()
            h.update(block)


def tree_state(root, skip=()):
    """Every entry below root: type, mode, size, content hash, link target.

    Returns a dict keyed by relative path (bytes-safe via os.fsencode)."""
    out = {}
    root = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in skip)
        for name in sorted(dirnames + filenames):
            if name in skip:
                continue
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            st = os.lstat(full)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(full))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir", stat.S_IMODE(st.st_mode))
            else:
                out[rel] = ("file", stat.S_IMODE(st.st_mode), st.st_size, file_sha256(full),
                            int(st.st_mtime))
    return out


def random_bytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n)) if n < 4096 else rng.randbytes(n)


def make_files_tree(root, rng, files=60, big_mb=4):
    """A model-like folder: small JSON/JSONL files, one large binary."""
    os.makedirs(os.path.join(root, "training_data"), exist_ok=True)
    os.makedirs(os.path.join(root, "models", "ner11"), exist_ok=True)
    for i in range(files):
        with open(os.path.join(root, "training_data", f"part-{i:04d}.jsonl"), "w") as f:
            for j in range(20):
                f.write(json.dumps({"id": i * 100 + j, "text": f"entity {rng.random()}"}) + "\n")
    with open(os.path.join(root, "models", "ner11", "meta.json"), "w") as f:
        json.dump({"name": "ner11", "version": "1.0"}, f)
    with open(os.path.join(root, "models", "ner11", "weights.bin"), "wb") as f:
        f.write(rng.randbytes(big_mb << 20))


def make_hostile_tree(root, rng):
    """Names, links, modes and holes that break naive tools."""
    os.makedirs(root, exist_ok=True)
    names = ["plain.txt", "with space.txt", "ünïcødé-名前.txt", "new\nline.txt", "back\\slash.txt",
             "-leading-dash", "--", "x" * 200, "tab\there", "quote'\"", "star*?[]"]
    for n in names:
        with open(os.path.join(root, n), "wb") as f:
            f.write(random_bytes(rng, rng.randint(0, 5000)))
    os.makedirs(os.path.join(root, "empty", "nested-empty"))
    os.makedirs(os.path.join(root, "deep/" * 12 + "end"))
    with open(os.path.join(root, "deep/" * 12 + "end", "leaf"), "w") as f:
        f.write("leaf")
    os.symlink("plain.txt", os.path.join(root, "link-to-plain"))
    os.symlink("does/not/exist", os.path.join(root, "dangling-link"))
    os.symlink("empty", os.path.join(root, "dir-link"))
    os.link(os.path.join(root, "plain.txt"), os.path.join(root, "hardlink-to-plain"))
    for mode, n in [(0o600, "private"), (0o755, "script.sh"), (0o444, "readonly"), (0o640, "group")]:
        p = os.path.join(root, n)
        with open(p, "w") as f:
            f.write(n)
        os.chmod(p, mode)
    with open(os.path.join(root, "sparse.img"), "wb") as f:
        f.seek(32 << 20)
        f.write(b"end of a sparse file")
        f.seek(1 << 20)
        f.write(b"a little data in the middle")
    os.utime(os.path.join(root, "plain.txt"), (1_000_000_000, 1_000_000_000))


def make_git_repo(path, remote="https://git.example.invalid/aeon/aeon-dt.git"):
    os.makedirs(path)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@x", GIT_AUTHOR_DATE="2025-01-01T00:00:00Z",
               GIT_COMMITTER_DATE="2025-01-01T00:00:00Z")
    g = lambda *a: run(["git", "-C", path, *a], env=env)
    g("init", "-q", "-b", "main")
    for i in range(3):
        with open(os.path.join(path, f"file{i}.txt"), "w") as f:
            f.write(f"version {i}\n")
        g("add", ".")
        g("commit", "-q", "-m", f"commit {i}")
    g("tag", "v1")
    g("branch", "feature")
    g("remote", "add", "origin", remote)
    g("update-ref", "refs/remotes/origin/main", "HEAD")
    g("config", "branch.main.remote", "origin")
    g("config", "branch.main.merge", "refs/heads/main")


def make_sqlite(path, rows=2000):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE entities(id INTEGER PRIMARY KEY, name TEXT, score REAL, blob BLOB)")
    db.execute("CREATE TABLE edges(src INTEGER, dst INTEGER)")
    db.executemany("INSERT INTO entities VALUES(?,?,?,?)",
                   [(i, f"entity-{i}", i / 7, bytes([i % 256]) * 10) for i in range(rows)])
    db.executemany("INSERT INTO edges VALUES(?,?)", [(i, (i * 7) % rows) for i in range(rows)])
    db.commit()
    db.close()


def write_stack(path, components, name="e2e"):
    lines = [f'[stack]\nname = "{name}"\n']
    for c in components:
        lines.append("[[component]]")
        for k, v in c.items():
            lines.append(f"{k} = {json.dumps(v)}")
        lines.append("")
    with open(path, "w") as f:
        f.write("\n".join(lines))


def rehash_medium(medium, add=(), components=None):
    """Recomputes a medium's manifests after an edit, as anyone who has the
    drive can (the digests are unkeyed): every listed payload's digest and
    size, the text manifest, and the JSON manifest's own digests. `add`
    lists more files (relative paths) to enter as payloads of their first
    folder; `components` adds entries to the JSON manifest's components."""
    json_path = os.path.join(medium, "MIGRATION_MANIFEST.json")
    doc = json.load(open(json_path))
    for rel in add:
        doc["payloads"].append({"path": rel, "component": rel.split("/")[0] if "/" in rel else "",
                                "sha256": "", "size": 0, "verified_from_device": True})
    for p in doc["payloads"]:
        full = os.path.join(medium, p["path"])
        p["sha256"] = file_sha256(full)
        p["size"] = os.path.getsize(full)
    doc["payloads"].sort(key=lambda p: p["path"])
    doc["components"].update(components or {})
    text = "".join(f"{p['sha256']}  {p['path']}\n" for p in doc["payloads"])
    with open(os.path.join(medium, "MIGRATION_MANIFEST.txt"), "w") as f:
        f.write(text)
    doc["text_manifest_sha256"] = hashlib.sha256(text.encode()).hexdigest()
    doc["self_sha256"] = ""
    dump = lambda d: json.dumps(d, indent=2, ensure_ascii=False, sort_keys=True)
    doc["self_sha256"] = hashlib.sha256(dump(doc).encode()).hexdigest()
    with open(json_path, "w") as f:
        f.write(dump(doc) + "\n")


class FerryTestCase(unittest.TestCase):
    """A temp folder with source/, medium/, target/ and a private journal."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ferry-e2e-")
        self.source = os.path.join(self.dir, "source")
        self.medium = os.path.join(self.dir, "medium")
        self.target = os.path.join(self.dir, "target")
        for d in (self.source, self.medium, self.target):
            os.makedirs(d)
        self.env = dict(os.environ, FERRY_STATE_DIR=os.path.join(self.dir, "state"))
        self.stack = os.path.join(self.source, "ferry.toml")
        self.rng = random.Random(self.id())

    def tearDown(self):
        for root, dirs, files in os.walk(self.dir):
            for d in dirs:
                try:
                    os.chmod(os.path.join(root, d), 0o755)
                except OSError:
                    pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def ferry(self, *args, expect=None):
        r = subprocess.run([FERRY, *args], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, errors="replace")
        if expect is not None:
            self.assertEqual(r.returncode, expect,
                             f"ferry {' '.join(args)} exited {r.returncode}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}")
        return r

    def ferry_json(self, *args, expect=None):
        r = self.ferry(*args, "--json", expect=expect)
        events = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
        return r, events

    def standard_stack(self, big_mb=4):
        """files + git + sqlite: the shape of the bundled example."""
        make_files_tree(os.path.join(self.source, "models"), self.rng, big_mb=big_mb)
        os.makedirs(os.path.join(self.source, "models", "__pycache__"))
        with open(os.path.join(self.source, "models", "__pycache__", "x.pyc"), "wb") as f:
            f.write(b"\0compiled")
        make_git_repo(os.path.join(self.source, "repo"))
        make_sqlite(os.path.join(self.source, "app.db"))
        write_stack(self.stack, [
            {"name": "models", "kind": "files", "path": "models", "exclude": ["*.pyc", "__pycache__"]},
            {"name": "repo", "kind": "git", "path": "repo"},
            {"name": "appdb", "kind": "sqlite", "path": "app.db"},
        ])

    def sha256sum_check(self, folder):
        return subprocess.run(["sha256sum", "-c", "--strict", "--quiet", "MIGRATION_MANIFEST.txt"], cwd=folder,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
