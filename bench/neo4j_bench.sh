#!/usr/bin/env bash
# Neo4j: ferry's logical export and restore of a generated graph (N nodes,
# 2N relationships) against (a) a plain one-statement-per-row Cypher reload,
# as `cypher-shell < file` would run it, timed on a sample and extrapolated,
# and (b) neo4j-admin `database dump` / `database load` on the stopped
# source, all in one run on in-process Neo4j Community test servers
# (tests/neo4j-server). Prints seconds, nodes/s, ratios and the goals of
# issue 5 beside them; asserts nothing.
#
# Usage: bench/neo4j_bench.sh [--nodes N] [--sample ROWS]
#   --nodes   nodes to generate (default 1,000,000; 2N relationships)
#   --sample  statements in the row-by-row sample (default 20,000: a third
#             CREATE of a node, two thirds MATCH..CREATE of a relationship)
# Needs scripts/deps.d/50-neo4j.sh and a build dir (BUILD, default build/);
# builds ferry and the bench's own Cypher runner (bench/neo4j_cypher.cc).
set -euo pipefail
nodes=1000000
sample=20000
while [[ $# -gt 0 ]]; do
  case $1 in
    --nodes) nodes=$2; shift 2 ;;
    --sample) sample=$2; shift 2 ;;
    *) echo "usage: $0 [--nodes N] [--sample ROWS]" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$here/build}
project=$here/tests/neo4j-server
ninja -C "$build" -j"${JOBS:-2}" ferry neo4j_cypher >/dev/null
ferry=${FERRY:-$build/src/cli/ferry}
cypher=$build/bench/neo4j_cypher
[[ -d $project/target/lib ]] || { echo "run scripts/deps.d/50-neo4j.sh first" >&2; exit 1; }

work=$(mktemp -d /tmp/ferry-neo4j-bench.XXXXXX)
export FERRY_STATE_DIR=$work/state
# Servers and clients get the password through the environment, never argv.
export NEO4J_PASSWORD="bench-$RANDOM-$RANDOM"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

# start_server NAME: a server on a free port with home $work/NAME; sets
# port_NAME. Its stdin is a fifo held open by this shell: the server stops
# cleanly (checkpoint, so neo4j-admin can dump it) when the fifo is closed.
start_server() {
  local name=$1 port
  port=$(free_port)
  mkdir -p "$work/$name"
  mkfifo "$work/$name.in"
  # The subshell drops the fifo ends of servers started before, or this
  # server would hold their stdin open and they would never see it close.
  (for v in ${!fd_@}; do eval "exec {$v}>&-"; done
   cd "$project" && NEO4J_TEST_PASSWORD=$NEO4J_PASSWORD exec java -cp 'target/lib/*:target/classes' \
     ferry.testing.Neo4jTestServer "$port" "$work/$name" <"$work/$name.in" >"$work/$name.log" 2>&1) &
  pids+=($!)
  eval "pid_$name=$!"
  eval "exec {fd_$name}>\"$work/$name.in\""
  eval "port_$name=$port"
}
wait_ready() {
  local name=$1
  for _ in $(seq 600); do
    grep -q '^READY' "$work/$name.log" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "server $name did not start:" >&2; tail -20 "$work/$name.log" >&2; exit 1
}
stop_server() {
  local name=$1 fd pid
  eval "fd=\$fd_$name; pid=\$pid_$name"
  exec {fd}>&-
  unset "fd_$name"
  wait "$pid" || true
}
run_cypher() { "$cypher" "bolt://127.0.0.1:$1"; }

start_server src
start_server dst
wait_ready src
wait_ready dst

echo "generating $nodes nodes and $((2 * nodes)) relationships (UNWIND batches)"
t0=$(now)
{
  echo "CREATE CONSTRAINT item_uid FOR (n:Item) REQUIRE n.uid IS UNIQUE"
  for ((a = 0; a < nodes; a += 50000)); do
    b=$((a + 50000 < nodes ? a + 50000 - 1 : nodes - 1))
    echo "UNWIND range($a, $b) AS i CREATE (n:Item {uid: i, name: 'item-' + i, score: i / 7.0, tags: ['t' + (i % 10), 'all']}) FOREACH (ignored IN CASE WHEN i % 10 = 0 THEN [1] ELSE [] END | SET n:Hot)"
  done
  for ((a = 0; a < nodes; a += 20000)); do
    b=$((a + 20000 < nodes ? a + 20000 - 1 : nodes - 1))
    echo "UNWIND range($a, $b) AS i MATCH (x:Item {uid: i}) MATCH (y:Item {uid: (i + 1) % $nodes}) MATCH (z:Item {uid: (i * 7919 + 13) % $nodes}) CREATE (x)-[:NEXT {w: i % 100}]->(y), (x)-[:LINK {since: i}]->(z)"
  done
} | run_cypher "$port_src" 2>"$work/generate.err" || { cat "$work/generate.err" >&2; exit 1; }
t1=$(now)
echo "MATCH (n) RETURN count(n); MATCH ()-[r]->() RETURN count(r)" | tr ';' '\n' | run_cypher "$port_src" 2>/dev/null | tr '\n' ' '; echo "(nodes, relationships in the source)"

stack() {  # stack NAME PORT: a stack file with one neo4j component
  cat >"$work/$1.toml" <<TOML
name = "bench"
[[component]]
name = "graph"
kind = "neo4j"
uri = "bolt://127.0.0.1:$2"
user = "neo4j"
password_env = "NEO4J_PASSWORD"
TOML
}
stack src "$port_src"
stack dst "$port_dst"
rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$1"; }

echo "ferry export (online, source running)"
mkdir -p "$work/medium"
t2=$(now)
/usr/bin/time -v -o "$work/export.time" "$ferry" export --stack "$work/src.toml" --to "$work/medium" -q \
  >"$work/export.log" 2>&1 || { cat "$work/export.log" >&2; exit 1; }
t3=$(now)

echo "row-by-row sample: $sample auto-commit statements into the empty target, then removed"
sn=$((sample / 3))
echo "CREATE CONSTRAINT row_uid FOR (n:Item) REQUIRE n.uid IS UNIQUE" | run_cypher "$port_dst" 2>/dev/null
awk -v n="$sn" 'BEGIN { for (i = 0; i < n; i++) printf "CREATE (:Item {uid: %d, name: '\''item-%d'\'', score: %.6f, tags: ['\''t%d'\'', '\''all'\'']});\n", i, i, i / 7.0, i % 10 }' \
  >"$work/rows-nodes.cypher"
awk -v n="$sn" 'BEGIN { for (i = 0; i < n; i++) {
    printf "MATCH (x:Item {uid: %d}), (y:Item {uid: %d}) CREATE (x)-[:NEXT {w: %d}]->(y);\n", i, (i + 1) % n, i % 100
    printf "MATCH (x:Item {uid: %d}), (z:Item {uid: %d}) CREATE (x)-[:LINK {since: %d}]->(z);\n", i, (i * 7919 + 13) % n, i } }' \
  >"$work/rows-rels.cypher"
t4=$(now)
run_cypher "$port_dst" <"$work/rows-nodes.cypher" 2>/dev/null
t5=$(now)
run_cypher "$port_dst" <"$work/rows-rels.cypher" 2>/dev/null
t6=$(now)
printf '%s\n' "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS" \
  "DROP CONSTRAINT row_uid" | run_cypher "$port_dst" 2>/dev/null

echo "ferry restore into the second, empty server, then ferry validate"
t7=$(now)
/usr/bin/time -v -o "$work/restore.time" "$ferry" restore --from "$work/medium" --stack "$work/dst.toml" -q \
  >"$work/restore.log" 2>&1 || { cat "$work/restore.log" >&2; exit 1; }
t8=$(now)
if "$ferry" validate --from "$work/medium" --stack "$work/dst.toml" >"$work/validate.log" 2>&1; then
  validate="passed"
else
  validate="FAILED (see below)"; cat "$work/validate.log"
fi

echo "neo4j-admin database dump of the stopped source, load into a fresh home"
stop_server src
admin() { (cd "$project" && NEO4J_HOME=$1 java -cp 'target/lib/*' org.neo4j.cli.AdminTool "${@:2}"); }
mkdir -p "$work/dump" "$work/phys"
t9=$(now)
dump_ok=yes
admin "$work/src" database dump neo4j --to-path="$work/dump" >"$work/dump.log" 2>&1 || dump_ok=no
t10=$(now)
load_ok=no
if [[ $dump_ok == yes ]]; then
  admin "$work/phys" database load neo4j --from-path="$work/dump" --overwrite-destination \
    >"$work/load.log" 2>&1 && load_ok=yes
fi
t11=$(now)
[[ $dump_ok == yes ]] || { echo "dump failed:"; tail -5 "$work/dump.log"; }
[[ $dump_ok == no || $load_ok == yes ]] || { echo "load failed:"; tail -5 "$work/load.log"; }
loaded_count="not checked"
if [[ $load_ok == yes ]]; then
  # Proves the load: a server on the loaded home counts the nodes.
  start_server phys
  wait_ready phys
  loaded_count=$(echo "MATCH (n) RETURN count(n)" | run_cypher "$port_phys" 2>/dev/null)
  stop_server phys
fi

python3 - "$nodes" "$sample" "$t0" "$t1" "$t2" "$t3" "$t4" "$t5" "$t6" "$t7" "$t8" "$t9" "$t10" "$t11" \
  "$(rss_mb "$work/export.time")" "$(rss_mb "$work/restore.time")" "$dump_ok" "$load_ok" \
  "$(du -sb "$work/medium" | cut -f1)" "$(du -sb "$work/dump" | cut -f1)" "$validate" "$loaded_count" <<'PY'
import sys
a = sys.argv[1:]
n, sample = int(a[0]), int(a[1])
t = list(map(float, a[2:14]))
rss_e, rss_r, dump_ok, load_ok = float(a[14]), float(a[15]), a[16] == "yes", a[17] == "yes"
medium, dump_bytes, validate, loaded = int(a[18]), int(a[19]), a[20], a[21]
gen, fe, fr = t[1] - t[0], t[3] - t[2], t[8] - t[7]
sn = sample // 3
rows_n, rows_r = t[5] - t[4], t[6] - t[5]
# Extrapolated, not measured: per-statement times of the sample times the
# full graph's N node and 2N relationship statements.
row_total = rows_n / sn * n + rows_r / (2 * sn) * 2 * n
pd, pl = t[10] - t[9], t[11] - t[10]
rate = lambda s: f"{n / s:,.0f}" if s > 0 else "-"
print()
print(f"N = {n:,} nodes, {2 * n:,} relationships; generation {gen:.1f} s; ferry validate after restore: {validate}")
print(f"{'step':58} {'seconds':>10} {'nodes/s':>10}")
print(f"{'ferry export (online; medium ' + f'{medium / 1e6:.1f} MB)':58} {fe:10.2f} {rate(fe):>10}")
print(f"{'ferry restore (batched UNWIND into an empty server)':58} {fr:10.2f} {rate(fr):>10}")
print(f"{'row-by-row Cypher, sample ' + f'{sn:,} nodes + {2 * sn:,} rels':58} {rows_n + rows_r:10.2f} {sn / (rows_n + rows_r):10,.0f}")
print(f"{'row-by-row Cypher, EXTRAPOLATED to N (not measured)':58} {row_total:10.2f} {rate(row_total):>10}")
if dump_ok:
    print(f"{'neo4j-admin database dump (stopped; ' + f'{dump_bytes / 1e6:.1f} MB, JVM start incl.)':58} {pd:10.2f} {rate(pd):>10}")
else:
    print("neo4j-admin database dump: FAILED (see above)")
if load_ok:
    print(f"{'neo4j-admin database load (fresh home, JVM start incl.)':58} {pl:10.2f} {rate(pl):>10}")
    print(f"  node count after starting a server on the loaded copy: {loaded}")
elif dump_ok:
    print("neo4j-admin database load: FAILED (see above)")
print()
print(f"{'ratio':50} {'value':>10}  goal")
if dump_ok:
    print(f"{'ferry export / neo4j-admin dump (time)':50} {fe / pd:9.2f}x  <= 2x")
print(f"{'row-by-row (extrapolated) / ferry restore (time)':50} {row_total / fr:9.2f}x  >= 10x")
if load_ok:
    print(f"{'ferry restore / neo4j-admin load (time)':50} {fr / pl:9.2f}x  (no goal)")
print(f"{'ferry export peak RSS':50} {rss_e:7.1f} MB  < 512 MB")
print(f"{'ferry restore peak RSS':50} {rss_r:7.1f} MB  < 512 MB")
PY
