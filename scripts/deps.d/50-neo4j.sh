#!/usr/bin/env bash
# Builds the in-process Neo4j Community test server (tests/neo4j-server) that
# the Bolt and neo4j component tests start: Java 17, Maven, then the jars in
# tests/neo4j-server/target/lib (Neo4j 5.26) and target-44/lib (Neo4j 4.4,
# for the Bolt 4.4 tests). Idempotent: Maven runs only when the sources
# are newer than the build.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
project=$root/tests/neo4j-server

if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven
  else
    echo "50-neo4j: java 17 and maven are needed (apt-get install openjdk-17-jdk-headless maven)" >&2
    exit 1
  fi
fi

stamp=$project/target/.built
if [[ -f $stamp && -d $project/target/lib && -d $project/target-44/lib ]] &&
   [[ -z $(find "$project/pom.xml" "$project/src" -newer "$stamp" -print -quit) ]]; then
  exit 0
fi
(cd "$project" && mvn -q -B package -DskipTests)
# The same launcher on Neo4j 4.4 (target-44/), for the Bolt 4.4 tests.
(cd "$project" && mvn -q -B -Pneo4j44 package -DskipTests)
touch "$stamp"
