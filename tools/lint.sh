#!/usr/bin/env bash
# clang-tidy over the project's C++ sources with the checks in .clang-tidy, against the
# compile commands of a configured build (default: build/ci). Exits non-zero on any finding.
# Not part of tools/test.sh: the Beast translation units make a full run take several minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ci}
[ -f "$build/compile_commands.json" ] || cmake --preset ci >/dev/null
files=$(git ls-files '*.cpp' | grep -v -e '/tests/' -e 'windows_service_host.cpp' -e '^cmake/')
output=$(clang-tidy -p "$build" --quiet $files 2>/dev/null | grep -E "warning:|error:" | sort -u || true)
if [ -n "$output" ]; then
  echo "$output"
  exit 1
fi
echo "clang-tidy: no findings"
