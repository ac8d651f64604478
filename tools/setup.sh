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
  libgtest-dev libgmock-dev
  # run and test peers
  openssl ca-certificates curl python3 chromium
)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The web console's packages, exactly as locked. Reinstalled only when the lock file changed.
stamp=webui/node_modules/.printwarden-lock.sha256
want=$(sha256sum webui/package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing the web console's npm packages (npm ci)"
  (cd webui && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
