#!/usr/bin/env bash
# Installs what building, running and testing Printwarden needs on Debian 12, skipping what is
# already there. Idempotent; run as root (or with sudo available).
#   tools/setup.sh            build + run + test dependencies, and the web console's npm packages
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # build
  cmake ninja-build g++ pkg-config ccache clang-format clang-tidy
  libboost1.81-dev libssl-dev libsqlite3-dev nlohmann-json3-dev libspdlog-dev libcli11-dev
  libgtest-dev libgmock-dev libsnmp-dev libmimalloc-dev libcurl4-openssl-dev
  libcsv-dev libxlsxwriter-dev libzip-dev libexpat1-dev libhowardhinnant-date-dev tzdata
  # directory sign-in: OpenLDAP client, MIT GSSAPI
  libldap-dev libkrb5-dev
  # the Windows service host is compile-checked with mingw-w64
  g++-mingw-w64-x86-64-posix
  # run and test peers
  openssl ca-certificates curl python3 chromium snmpd snmp snmpsim python3-openpyxl
  python3-aiosmtpd
  # directory sign-in peers: slapd + ldapadd, an MIT KDC + kadmin.local + kinit
  slapd ldap-utils krb5-kdc krb5-admin-server krb5-user
  # the discovery benchmark's reference scanner (bench/discovery_sweep.py)
  onesixtyone
)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The web console needs Node.js 20.19 or newer (Vite 7). Debian 12's own nodejs is 18, so it
# cannot stand in: the machine image provides Node 20.
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a==20&&b>=19)?0:1)' 2>/dev/null; then
  echo "setup: Node.js >= 20.19 is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# The web console's packages, exactly as locked. Reinstalled only when the lock file changed.
stamp=webui/node_modules/.printwarden-lock.sha256
want=$(sha256sum webui/package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing the web console's npm packages (npm ci)"
  (cd webui && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
