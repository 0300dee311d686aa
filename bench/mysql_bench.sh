#!/usr/bin/env bash
# Export + restore of a generated MariaDB database through ferry, against
# the plain tools a user would otherwise run (mariadb-dump | gzip, then
# gunzip | mariadb), on the same private server in the same run. Prints
# seconds and ratios; asserts nothing. Usage: bench/mysql_bench.sh [ROWS]
# (default 1,000,000). Needs scripts/deps.d/30-mariadb.sh and a build.
set -euo pipefail
rows=${1:-1000000}
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

cat >"$work/stack.toml" <<TOML
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
TOML

now() { date +%s.%N; }
mkdir -p "$work/medium"
t0=$(now)
"$ferry" export --stack "$work/stack.toml" --to "$work/medium" -q
t1=$(now)
sql -e 'DROP DATABASE bench'
"$ferry" restore --from "$work/medium" --stack "$work/stack.toml" -q 2>/dev/null || \
  "$ferry" restore --from "$work/medium" --stack "$work/stack.toml"
t2=$(now)
"$ferry" validate --from "$work/medium" --stack "$work/stack.toml" -q 2>/dev/null || true

mariadb-dump --defaults-extra-file="$opt" --single-transaction --quick --hex-blob --routines \
  --triggers --events --databases bench | gzip >"$work/plain.sql.gz"
t3=$(now)
sql -e 'DROP DATABASE bench'
gunzip -c "$work/plain.sql.gz" | sql
t4=$(now)

python3 - "$t0" "$t1" "$t2" "$t3" "$t4" "$work" <<'PY'
import os, sys
t0, t1, t2, t3, t4 = map(float, sys.argv[1:6]); work = sys.argv[6]
fe, fr, pe, pr = t1 - t0, t2 - t1, t3 - t2, t4 - t3
size = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(os.path.join(work, "medium")) for f in fs)
print(f"ferry export {fe:.2f}s restore {fr:.2f}s (medium {size/1e6:.1f} MB)")
print(f"plain dump|gzip {pe:.2f}s gunzip|mariadb {pr:.2f}s ({os.path.getsize(os.path.join(work,'plain.sql.gz'))/1e6:.1f} MB)")
print(f"ratio plain/ferry: export {pe/fe:.2f}x, restore {pr/fr:.2f}x, total {(pe+pr)/(fe+fr):.2f}x (>1 means ferry is faster)")
PY
