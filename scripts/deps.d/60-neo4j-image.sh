#!/usr/bin/env bash
# A Neo4j 5.26 container image for the engine tests of physical mode in a
# container, built offline (no registry here): localhost/ferry-test-base (40-)
# plus the host's Java 17 and the Neo4j jars of tests/neo4j-server (50-).
#   neo4j-test-server  (CMD) the test server on 0.0.0.0:7687, store under /data,
#                      user neo4j with the tests' password (Neo4jTestServer::kPassword)
#   neo4j-admin        the real admin tool from the jars, NEO4J_HOME=/neo4j
# /neo4j/data is a link to /data, so the server and neo4j-admin share the
# store as in the official image. Idempotent: rebuilt only when the jars or
# this recipe change (their hash is the image's label ferry.recipe).
set -euo pipefail

self=$(readlink -f "$0")
root=$(cd "$(dirname "$self")/../.." && pwd)
target=$root/tests/neo4j-server/target
image=localhost/ferry-test-neo4j
base=localhost/ferry-test-base
jvm=/usr/lib/jvm/java-17-openjdk-amd64

source "$root/scripts/podman-env.sh"

for need in "$target/lib" "$target/classes" "$jvm/bin/java"; do
  [[ -e $need ]] || { echo "60-neo4j-image: $need is missing (run 40-podman.sh and 50-neo4j.sh)" >&2; exit 1; }
done
podman image exists "$base" || { echo "60-neo4j-image: $base is missing (run 40-podman.sh)" >&2; exit 1; }

# Names and sizes of the (versioned) jars, the content of the compiled test
# server classes, and this script: not times, which every fresh clone's Maven
# build renews, so a new clone reuses the cached image.
recipe=$( (cd "$target" && find lib -type f -printf '%p %s\n' | sort &&
           find classes -type f -print0 | sort -z | xargs -0 sha256sum; cat "$self") |
          sha256sum | cut -c1-16)
if podman image exists "$image" &&
   [[ $(podman image inspect --format '{{index .Labels "ferry.recipe"}}' "$image") == "$recipe" ]]; then
  exit 0
fi

context=$(mktemp -d /var/tmp/ferry-neo4j-image.XXXXXX)
trap 'rm -rf "$context"' EXIT
mkdir -p "$context/jvm" "$context/etc-java" "$context/neo4j/lib" "$context/bin"
# The JRE only (no jmods, headers, man pages); its conf links into /etc.
cp -a "$jvm"/{bin,conf,lib,release} "$context/jvm/"
cp -a /etc/java-17-openjdk/. "$context/etc-java/"
cp -a "$target"/lib/*.jar "$context/neo4j/lib/"
cp -a "$target/classes" "$context/neo4j/classes"

cat >"$context/bin/neo4j-admin" <<'SH'
#!/bin/sh
exec java -Xmx512m -XX:+UseSerialGC -cp '/opt/neo4j/lib/*' org.neo4j.cli.AdminTool "$@"
SH
# The server stops when its stdin closes (tests/neo4j-server), so it gets one
# that never does; it is PID 1 and shuts down cleanly on docker stop.
cat >"$context/bin/neo4j-test-server" <<'SH'
#!/bin/bash
exec java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -cp '/opt/neo4j/lib/*:/opt/neo4j/classes' ferry.testing.Neo4jTestServer 7687 "$NEO4J_HOME" \
  < <(exec sleep infinity)
SH
chmod 755 "$context/bin/"*

cat >"$context/Containerfile" <<EOF
FROM $base
COPY jvm $jvm
COPY etc-java /etc/java-17-openjdk
COPY neo4j /opt/neo4j
COPY bin /usr/local/bin
RUN mkdir -p /neo4j /data && ln -s /data /neo4j/data
ENV PATH=$jvm/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    NEO4J_HOME=/neo4j NEO4J_TEST_LISTEN_HOST=0.0.0.0 \
    NEO4J_TEST_PASSWORD=ferry-test-secret
EXPOSE 7687
LABEL ferry.recipe=$recipe
CMD ["neo4j-test-server"]
EOF
echo "building $image (Java 17 + Neo4j jars on $base)"
old=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
podman build --pull=never -q -t "$image" "$context" >/dev/null
# The previous build, now untagged, would keep its ~600 MB (unless in use).
if [[ -n $old && $old != $(podman image inspect --format '{{.Id}}' "$image") ]]; then
  podman rmi "$old" >/dev/null 2>&1 || true
fi
echo "built $image"
