#!/usr/bin/env bash
# MariaDB server and client from Debian, for the mysql component's
# integration tests, and mydumper/myloader for its optional parallel engine
# (engine = "mydumper"). The tests start their own private mariadbd instances
# (temp datadir, loopback port); the system service is left stopped and
# disabled so nothing listens on 3306 behind the tests' back.
# Idempotent: a second run checks dpkg and returns.
set -euo pipefail

missing=()
for pkg in mariadb-server mariadb-client mydumper; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  # Keep the package's postinst from starting the service (no init here, or
  # an init we do not want to touch): policy-rc.d exit 101 = "not allowed".
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if ((created_policy)); then rm -f "$policy"; fi
fi

# Stop and disable the system service if the package started it anyway.
if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
  systemctl stop mariadb 2>/dev/null || true
  systemctl disable mariadb 2>/dev/null || true
elif command -v service >/dev/null 2>&1; then
  service mariadb stop >/dev/null 2>&1 || true
fi
