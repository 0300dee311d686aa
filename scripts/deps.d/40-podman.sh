#!/usr/bin/env bash
# The container engine for the container-layer integration tests: podman,
# which serves the Docker Engine API (`podman system service`), and a local
# image `localhost/ferry-test-base` (Debian bookworm minbase + MariaDB),
# because no registry can be reached from the test machines.
# Idempotent: packages, settings and the image are only made when missing.
set -euo pipefail

image=localhost/ferry-test-base
cache_dir=${FERRY_CACHE_DIR:-/var/cache/ferry}
tarball=$cache_dir/ferry-test-base-bookworm.tar

if declare -F apt_install >/dev/null; then
  apt_install podman runc debootstrap
else
  missing=()
  for pkg in podman runc debootstrap; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# The engine's own configuration and storage (never /etc/containers).
source "$(dirname "$0")/../podman-env.sh"

if podman image exists "$image" 2>/dev/null; then
  exit 0
fi

if [[ ! -s $tarball ]]; then
  # The machine's own Debian mirror (deb822 or one-line sources).
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
             /etc/apt/sources.list.d/*.sources 2>/dev/null |
           grep -oE '^[[:space:]]*(URIs:|deb)[[:space:]]+https?://[^[:space:]]+/debian/?([[:space:]]|$)' |
           grep -oE 'https?://[^[:space:]]+' | head -n1 || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  mkdir -p "$cache_dir"
  root=$(mktemp -d "$cache_dir/rootfs.XXXXXX")
  trap 'rm -rf "$root"' EXIT
  echo "building $image from $mirror (once; cached in $tarball)"
  debootstrap --variant=minbase --include=mariadb-server,mariadb-client \
    bookworm "$root" "$mirror" >"$cache_dir/debootstrap.log" 2>&1 ||
    { tail -n 30 "$cache_dir/debootstrap.log" >&2; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -cf "$tarball.part" .
  mv "$tarball.part" "$tarball"
fi
podman import --change 'CMD ["/bin/sh"]' "$tarball" "$image" >/dev/null
echo "imported $image"
