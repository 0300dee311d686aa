#!/usr/bin/env bash
# Generates the bundled example stack: everything `make run` migrates, with
# no server needed. Modeled on the seed user's AEON Digital Twin stack:
#
#   OUT_DIR/source/aeon-dt/               git repository: history, two branches, a tag,
#                                         origin URL and upstream tracking (G002/G003 pass),
#                                         clean working tree (G001 passes)
#   OUT_DIR/source/5_NER11_Gold_Model/    model-like folder: a few hundred small files, one
#                                         48 MiB binary, and __pycache__/*.pyc the stack excludes
#   OUT_DIR/source/app.db                 SQLite database: several tables, thousands of rows
#   OUT_DIR/source/ferry.toml             the stack file naming the three components
#
# Deterministic: fixed seeds, fixed dates and fixed mtimes, so two runs produce
# the same bytes and the same git commit ids (only .git/index, git's stat
# cache, differs).
# Idempotent: everything is built in OUT_DIR/source.partial and renamed to
# OUT_DIR/source only when complete, so an existing OUT_DIR/source is complete
# and is kept as it is; an interrupted run leaves only the .partial, which the
# next run removes.
#
# Usage: examples/make-example.sh OUT_DIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)
final=$out/source
work=$out/source.partial

if [[ -f $final/ferry.toml ]]; then
  echo "example stack already present: $final"
  exit 0
fi
for tool in git sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "make-example: $tool is required (scripts/install-deps.sh installs it)" >&2; exit 2; }
done
rm -rf "$work"
mkdir -p "$work"

# A fixed instant for commit dates and file mtimes: 2024-03-01T12:00:00Z.
readonly epoch=1709294400

# ---------------------------------------------------------------- git repository
make_repo() {
  local repo=$work/aeon-dt
  # Fixed identity and dates make the commit ids reproducible; -c keeps the
  # user's own git configuration out of it.
  export GIT_AUTHOR_NAME="AEON Example" GIT_AUTHOR_EMAIL="aeon@example.invalid"
  export GIT_COMMITTER_NAME="AEON Example" GIT_COMMITTER_EMAIL="aeon@example.invalid"
  # Reflog entries (checkout, update-ref) take the committer date too.
  export GIT_AUTHOR_DATE="@$epoch +0000" GIT_COMMITTER_DATE="@$epoch +0000"
  local n=0
  commit() {
    n=$((n + 1))
    local when="@$((epoch + n * 3600)) +0000"
    GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when git -C "$repo" -c commit.gpgsign=false commit -q -m "$1"
  }
  git init -q -b main "$repo"
  git -C "$repo" config core.autocrlf false

  mkdir -p "$repo/api" "$repo/scripts" "$repo/docs"
  printf '# AEON Digital Twin\n\nGraph, relational and NER model services.\n' >"$repo/README.md"
  printf '__pycache__/\n*.pyc\n.venv/\n' >"$repo/.gitignore"
  git -C "$repo" add -A && commit "Initial import"

  cat >"$repo/api/server.py" <<'PY'
"""Minimal API server of the digital twin (port 8000)."""
from http.server import BaseHTTPRequestHandler, HTTPServer


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')


if __name__ == "__main__":
    HTTPServer(("0.0.0.0", 8000), Health).serve_forever()
PY
  printf 'neo4j==5.14.0\nmysql-connector-python==8.2.0\nspacy==3.7.2\n' >"$repo/requirements.txt"
  git -C "$repo" add -A && commit "API server skeleton"

  printf '#!/bin/sh\n# Loads the graph schema.\nexec cypher-shell -f schema.cypher\n' >"$repo/scripts/load-schema.sh"
  chmod 755 "$repo/scripts/load-schema.sh"
  printf 'CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;\n' >"$repo/scripts/schema.cypher"
  git -C "$repo" add -A && commit "Graph schema loader"
  git -C "$repo" tag v0.1.0

  # A feature branch with its own commit, not merged.
  git -C "$repo" checkout -q -b feature/ner-tuning
  printf 'learn_rate = 0.0005\nbatch_size = 128\n' >"$repo/docs/ner-tuning.md"
  git -C "$repo" add -A && commit "Notes on NER tuning"
  git -C "$repo" checkout -q main

  printf '\n## Migration\n\nMoved with ferry: see ferry.toml.\n' >>"$repo/README.md"
  git -C "$repo" add -A && commit "Document the migration"

  # A remote and an upstream-tracking main, without any network: the remote
  # URL is never contacted, refs/remotes/origin/main is set locally.
  git -C "$repo" remote add origin https://git.example.invalid/aeon/aeon-dt.git
  git -C "$repo" config branch.main.remote origin
  git -C "$repo" config branch.main.merge refs/heads/main
  git -C "$repo" update-ref refs/remotes/origin/main refs/heads/main
  git -C "$repo" update-ref refs/remotes/origin/feature/ner-tuning refs/heads/feature/ner-tuning

  # The tree must be clean (G001), or the example would fail its own check.
  if [[ -n $(git -C "$repo" status --porcelain) ]]; then
    echo "make-example: the example repository is not clean" >&2
    exit 1
  fi
}

# ---------------------------------------------------------------- model folder
make_model() {
  # Python for the bulk files: a seeded generator is the simplest way to get
  # content that is reproducible, varied and partly compressible.
  python3 - "$work/5_NER11_Gold_Model" "$epoch" <<'PY'
import hashlib, json, os, random, sys

root, epoch = sys.argv[1], int(sys.argv[2])
rng = random.Random(11)  # fixed seed: same bytes every run
labels = ["PERSON", "ORG", "GPE", "FACILITY", "MALWARE", "THREAT_ACTOR", "VULNERABILITY",
          "INDICATOR", "SECTOR", "PROTOCOL", "DEVICE"]
words = ("the substation relay firmware vendor advisory exploit campaign operator network "
         "protocol telemetry sensor grid water pipeline attack actor malware patch control "
         "system engineer remote access historian").split()

def write(rel, data, mode=0o644):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    os.chmod(path, mode)

write("meta.json", json.dumps({
    "lang": "en", "name": "ner11_gold", "version": "1.1.0", "spacy_version": ">=3.7.2,<3.8.0",
    "pipeline": ["tok2vec", "ner"], "labels": {"ner": labels}}, indent=2) + "\n")
write("config.cfg", "[nlp]\nlang = \"en\"\npipeline = [\"tok2vec\",\"ner\"]\nbatch_size = 1000\n\n"
      "[components.ner]\nfactory = \"ner\"\nmoves = null\nupdate_with_oracle_cut_size = 100\n")
write("tokenizer", json.dumps({"prefix_search": "^[\\[\\(\"']", "suffix_search": "[\\]\\)\"']$",
                               "exceptions": {w: [{"ORTH": w}] for w in words}}) + "\n")
write("vocab/strings.json", json.dumps(sorted(set(words + labels))) + "\n")
write("vocab/lookups.bin", bytes(rng.getrandbits(8) for _ in range(4096)))
write("vocab/vectors.cfg", '{"mode": "default"}\n')
for part in ("tok2vec", "ner"):
    write(f"{part}/cfg", json.dumps({"part": part, "width": 96, "depth": 4}) + "\n")
    write(f"{part}/model", hashlib.shake_256(f"model-{part}".encode()).digest(65536))
write("ner/moves", json.dumps({"moves": {str(i): {l: 1 for l in labels} for i in range(5)}}) + "\n")

# Training data: a few hundred JSONL files, repetitive text like real corpora.
for i in range(320):
    lines = []
    for j in range(rng.randint(5, 40)):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(8, 30)))
        start = rng.randint(0, max(0, len(text) - 10))
        lines.append(json.dumps({"id": f"doc-{i:04d}-{j:03d}", "text": text,
                                 "entities": [[start, start + 8, rng.choice(labels)]]}))
    write(f"training_data/batch_{i:04d}.jsonl", "\n".join(lines) + "\n")

# The large binary: 48 MiB from SHAKE-256 of a fixed seed (incompressible,
# deterministic); the checkpoint beside it is small and compressible.
write("models/ner11/model-best/weights.bin", hashlib.shake_256(b"ner11-weights").digest(48 << 20))
write("models/ner11/model-best/meta.json", json.dumps({"best_epoch": 17, "ents_f": 0.913}) + "\n")
write("models/ner11/training.log", "".join(f"epoch {e:3d} loss {1.0 / (e + 1):.6f}\n" for e in range(400)))
write("scripts/evaluate.sh", "#!/bin/sh\npython -m spacy evaluate . dev.spacy\n", 0o755)

# Python byte code the stack file excludes: it must not reach the medium.
for name in ("__init__", "pipeline", "evaluate"):
    write(f"__pycache__/{name}.cpython-311.pyc", hashlib.shake_256(name.encode()).digest(2048))
    write(f"scripts/__pycache__/{name}.cpython-311.pyc", hashlib.shake_256(name.encode()).digest(1024))
write("ner11_gold.egg-info/PKG-INFO", "Metadata-Version: 2.1\nName: ner11-gold\n")

# Fixed mtimes, so that the archive and its tree digest are reproducible.
for dirpath, dirnames, filenames in os.walk(root, topdown=False):
    for name in filenames + dirnames:
        os.utime(os.path.join(dirpath, name), (epoch, epoch), follow_symlinks=False)
os.utime(root, (epoch, epoch))
PY
}

# ---------------------------------------------------------------- SQLite database
make_db() {
  # Rows come from recursive CTEs with arithmetic, not random(): reproducible.
  # (mentions: the key repeats with period lcm(2000, 5000, 400) = 10000 rows.)
  sqlite3 -bail "$work/app.db" >/dev/null <<'SQL'
PRAGMA foreign_keys = ON;
PRAGMA journal_mode = DELETE;
CREATE TABLE sectors(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE entities(
  id INTEGER PRIMARY KEY, label TEXT NOT NULL, name TEXT NOT NULL,
  sector_id INTEGER REFERENCES sectors(id), score REAL NOT NULL);
CREATE TABLE documents(id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE mentions(
  document_id INTEGER NOT NULL REFERENCES documents(id),
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  start INTEGER NOT NULL, length INTEGER NOT NULL,
  PRIMARY KEY(document_id, entity_id, start));
CREATE INDEX entities_by_label ON entities(label);
CREATE VIEW entity_mentions AS
  SELECT e.label, count(*) AS n FROM mentions m JOIN entities e ON e.id = m.entity_id GROUP BY e.label;

INSERT INTO sectors(id, name) VALUES
  (1,'Energy'),(2,'Water'),(3,'Manufacturing'),(4,'Transportation'),(5,'Healthcare'),
  (6,'Communications'),(7,'Chemical'),(8,'Dams'),(9,'Defense'),(10,'Finance');

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO entities(id, label, name, sector_id, score)
SELECT i,
       CASE i % 5 WHEN 0 THEN 'MALWARE' WHEN 1 THEN 'THREAT_ACTOR' WHEN 2 THEN 'VULNERABILITY'
                  WHEN 3 THEN 'ORG' ELSE 'DEVICE' END,
       printf('entity-%05d', i), 1 + (i * 7) % 10, ((i * 7919) % 1000) / 1000.0
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO documents(id, title, body, created)
SELECT i, printf('Advisory %04d', i),
       printf('Advisory %d describes activity against sector %d; see entity-%05d.', i, 1 + i % 10, 1 + (i * 13) % 5000),
       date('2023-01-01', printf('+%d days', i % 365))
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO mentions(document_id, entity_id, start, length)
SELECT 1 + (i * 31) % 2000, 1 + (i * 17) % 5000, (i * 3) % 400, 5 + i % 20 FROM n;
SQL
  local check
  check=$(sqlite3 "$work/app.db" 'PRAGMA integrity_check;')
  [[ $check == ok ]] || { echo "make-example: app.db failed integrity_check: $check" >&2; exit 1; }
}

# ---------------------------------------------------------------- stack file
make_stack_file() {
  cat >"$work/ferry.toml" <<'TOML'
# The bundled example: the seed's AEON stack without its servers.
# Component paths are relative to this file's folder (or to --root).
[stack]
name = "aeon-dt-example"
zstd_level = 3

[[component]]
name = "repo"
kind = "git"
path = "aeon-dt"

[[component]]
name = "models"
kind = "files"
path = "5_NER11_Gold_Model"
# The seed's runbook excludes these from the model archive.
exclude = ["*.pyc", "__pycache__", "*.egg-info", ".git"]

[[component]]
name = "appdb"
kind = "sqlite"
path = "app.db"
TOML
}

make_repo
make_model
make_db
make_stack_file
touch -d "@$epoch" "$work/ferry.toml" "$work/app.db"
mv "$work" "$final"
echo "example stack created: $final"
