#!/usr/bin/env bash
# Export + restore of a generated MariaDB database through ferry, against
# the plain tools a user would otherwise run, on the same private server in
# the same run:
#   ferry (default engine)         vs  mariadb-dump | gzip, gunzip | mariadb
#   ferry engine = "mydumper"      vs  mydumper -c / myloader directly, and
#                                      vs  the plain single-threaded tools
# Prints seconds and ratios (above 1 means ferry is faster); asserts nothing.
# Usage: bench/mysql_bench.sh [ROWS] (default 1,000,000; THREADS=4).
# Needs scripts/deps.d/30-mariadb.sh (mariadb, mydumper) and a build.
set -euo pipefail
rows=${1:-1000000}
threads=${THREADS:-4}
here=$(cd "$(dirname "$0")/.." && pwd)
ferry=${FERRY:-$here/build/src/cli/ferry}
work=$(mktemp -d /tmp/ferry-mysql-bench.XXXXXX)
export FERRY_STATE_DIR=$work/state
export FERRY_BENCH_PW="bench-$RANDOM-pw"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
opt=$work/client.cnf
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/data" "$work/tmp"
TMPDIR=$work/tmp mariadb-install-db --no-defaults --datadir="$work/data" --user=root \
  --auth-root-authentication-method=normal --skip-test-db >/dev/null
/usr/sbin/mariadbd --no-defaults --datadir="$work/data" --socket="$work/sock" --port="$port" \
  --bind-address=127.0.0.1 --user=root --tmpdir="$work/tmp" --skip-log-bin \
  --log-error="$work/error.log" --innodb-buffer-pool-size=512M --innodb-log-file-size=256M \
  --innodb-flush-log-at-trx-commit=2 &
server_pid=$!
for _ in $(seq 100); do mariadb --no-defaults -uroot --socket="$work/sock" -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.2; done
# The password reaches the clients through an option file, never argv.
printf '[client]\nuser=root\nhost=127.0.0.1\nport=%s\npassword="%s"\n' "$port" "$FERRY_BENCH_PW" >"$opt"
mariadb --no-defaults -uroot --socket="$work/sock" <<SQL
ALTER USER root@localhost IDENTIFIED BY '$FERRY_BENCH_PW';
CREATE USER IF NOT EXISTS root@'127.0.0.1';
ALTER USER root@'127.0.0.1' IDENTIFIED BY '$FERRY_BENCH_PW';
GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;
SQL
sql() { mariadb --defaults-extra-file="$opt" "$@"; }

echo "generating $rows rows"
sql <<SQL
CREATE DATABASE bench CHARACTER SET utf8mb4;
USE bench;
CREATE TABLE bench.t (id INT PRIMARY KEY, name VARCHAR(64), amount DECIMAL(12,2), payload VARBINARY(32), note TEXT NULL);
INSERT INTO bench.t SELECT seq, CONCAT('name-', seq), seq / 7, UNHEX(SHA2(seq, 256)), IF(seq % 5 = 0, NULL, REPEAT('x', seq % 40)) FROM seq_1_to_$rows;
SQL

stack() {  # $1: file, $2: extra keys
  cat >"$1" <<TOML
name = "bench"
[[component]]
name = "db"
kind = "mysql"
path = "."
host = "127.0.0.1"
port = $port
user = "root"
password_env = "FERRY_BENCH_PW"
databases = ["bench"]
$2
TOML
}
stack "$work/stack.toml" ""
stack "$work/stack-mydumper.toml" "engine = \"mydumper\"
threads = $threads"

now() { date +%s.%N; }
declare -A t
# ferry export, drop, ferry restore, validate; $1 = label, $2 = stack file
ferry_round() {
  local medium=$work/medium-$1
  mkdir -p "$medium"
  local a b c
  a=$(now)
  "$ferry" export --stack "$2" --to "$medium" -q
  b=$(now)
  sql -e 'DROP DATABASE bench'
  "$ferry" restore --from "$medium" --stack "$2" -q
  c=$(now)
  t[$1-export]=$(python3 -c "print($b - $a)")
  t[$1-restore]=$(python3 -c "print($c - $b)")
  t[$1-size]=$(du -sb "$medium" | cut -f1)
  # validate reads the facts once (counts, digests, CHECKSUM TABLE): its
  # time is what each of the two fact reads of an export costs.
  if "$ferry" validate --from "$medium" --stack "$2" -q >/dev/null 2>&1; then
    echo "$1: validate passed in $(python3 -c "print(f'{$(now) - $c:.2f}')") s"
  else
    echo "$1: VALIDATE FAILED"
  fi
}

ferry_round ferry "$work/stack.toml"
ferry_round ferry-mydumper "$work/stack-mydumper.toml"

a=$(now)
mariadb-dump --defaults-extra-file="$opt" --single-transaction --quick --hex-blob --routines \
  --triggers --events --databases bench | gzip >"$work/plain.sql.gz"
b=$(now)
sql -e 'DROP DATABASE bench'
gunzip -c "$work/plain.sql.gz" | sql
c=$(now)
t[plain-export]=$(python3 -c "print($b - $a)"); t[plain-restore]=$(python3 -c "print($c - $b)")
t[plain-size]=$(stat -c %s "$work/plain.sql.gz")

# mydumper/myloader as a user would run them: same threads and chunking as
# ferry's engine, gzip-compressed files (-c). The option file is a 0600 file
# here; ferry hands it over in memory.
chmod 600 "$opt"
a=$(now)
mydumper --defaults-file="$opt" --database bench --outputdir "$work/mydumper" --threads "$threads" \
  --rows 100000 --trx-consistency-only --routines --triggers --events --compress --verbose 1
b=$(now)
sql -e 'DROP DATABASE bench'
myloader --defaults-file="$opt" --directory "$work/mydumper" --threads "$threads" --verbose 1
c=$(now)
t[mydumper-export]=$(python3 -c "print($b - $a)"); t[mydumper-restore]=$(python3 -c "print($c - $b)")
t[mydumper-size]=$(du -sb "$work/mydumper" | cut -f1)

python3 - "$rows" "$threads" "${t[ferry-export]}" "${t[ferry-restore]}" "${t[ferry-size]}" \
  "${t[ferry-mydumper-export]}" "${t[ferry-mydumper-restore]}" "${t[ferry-mydumper-size]}" \
  "${t[plain-export]}" "${t[plain-restore]}" "${t[plain-size]}" \
  "${t[mydumper-export]}" "${t[mydumper-restore]}" "${t[mydumper-size]}" <<'PY'
import sys
rows, threads = int(sys.argv[1]), int(sys.argv[2])
v = list(map(float, sys.argv[3:]))
runs = {"ferry": v[0:3], "ferry-mydumper": v[3:6], "plain": v[6:9], "mydumper": v[9:12]}
names = {"ferry": "ferry (mariadb-dump engine)", "ferry-mydumper": f"ferry engine=mydumper ({threads} threads)",
         "plain": "mariadb-dump|gzip, gunzip|mariadb", "mydumper": f"mydumper -c / myloader ({threads} threads)"}
print(f"{rows:,} rows")
print(f"{'':40} {'export s':>9} {'restore s':>10} {'total s':>8} {'MB':>7}")
for k, (e, r, size) in runs.items():
    print(f"{names[k]:40} {e:9.2f} {r:10.2f} {e + r:8.2f} {size / 1e6:7.1f}")
def ratio(a, b):
    ea, ra, _ = runs[a]; eb, rb, _ = runs[b]
    return f"export {ea / eb:.2f}x, restore {ra / rb:.2f}x, total {(ea + ra) / (eb + rb):.2f}x"
print("ratios (above 1 means the second is faster):")
print(f"  plain / ferry:                  {ratio('plain', 'ferry')}")
print(f"  plain / ferry engine=mydumper:  {ratio('plain', 'ferry-mydumper')}  (goal >= 1.5x)")
print(f"  mydumper / ferry engine=mydumper: {ratio('mydumper', 'ferry-mydumper')}")
PY
