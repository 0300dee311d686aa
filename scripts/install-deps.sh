#!/usr/bin/env bash
# Installs what building and testing ferry needs on Debian 12, as root.
# Idempotent: a second run checks and returns in seconds.
# Each scripts/deps.d/NN-*.sh adds what one part of the test suite needs
# (a database server, a container engine, a Java test server).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    if [[ ! -f /var/lib/apt/periodic/ferry-updated ]] || [[ -n $(find /var/lib/apt/periodic/ferry-updated -mmin +600 2>/dev/null) ]]; then
      apt-get update -qq
      mkdir -p /var/lib/apt/periodic && touch /var/lib/apt/periodic/ferry-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}
export -f apt_install

apt_install build-essential cmake ninja-build pkg-config ccache git zstd sqlite3 python3 \
  libssl-dev libzstd-dev libarchive-dev libcurl4-openssl-dev libsqlite3-dev \
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev libspdlog-dev \
  libgtest-dev libgmock-dev

if [[ ${1:-} == --test ]]; then
  # The second build of make test: clang + libc++ (the macOS proxy) with
  # ASan, UBSan and libFuzzer; GoogleTest's sources to build it for libc++;
  # clang-format for the style check.
  apt_install clang-14 libc++-14-dev libc++abi-14-dev libclang-rt-14-dev googletest clang-format-14
  for script in "$here"/deps.d/*.sh; do
    [[ -e $script ]] || continue
    bash "$script"
  done
fi
