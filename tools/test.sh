#!/usr/bin/env bash
# Sets up what is missing, builds everything and runs every test suite:
#   format check, C++ unit/integration/end-to-end tests (ctest), web console unit tests (vitest)
#   and browser tests (vitest + playwright-core driving Debian's Chromium).
# Ends with one line "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
reports="$root/build/test-reports"
rm -rf "$reports" && mkdir -p "$reports"

tools/setup.sh || { echo "setup failed"; exit 1; }

# A step that is not itself a test suite (build, format) still reports as one test case, so a
# broken build shows up as a failure in the summary instead of as zero tests.
record() {  # name, status, log file
  local failure=""
  if [ "$2" -ne 0 ]; then
    failure="<failure message=\"exit $2\"><![CDATA[$(tail -c 20000 "$3" | sed 's/]]>/]]]]><![CDATA[>/g')]]></failure>"
  fi
  printf '<testsuite name="%s"><testcase classname="steps" name="%s">%s</testcase></testsuite>\n' \
    "$1" "$1" "$failure" > "$reports/step-$1.xml"
}

run_step() {  # name, command...
  local name=$1; shift
  local start=$SECONDS
  echo "== $name"
  "$@" > "$reports/$name.log" 2>&1
  local status=$?
  record "$name" "$status" "$reports/$name.log"
  [ $status -ne 0 ] && tail -n 60 "$reports/$name.log"
  echo "   $name: $([ $status -eq 0 ] && echo ok || echo FAILED) in $((SECONDS - start)) s"
  return $status
}

format_check() {
  git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
}

# The Windows-only sources cannot be built here, but they must at least compile for Windows.
windows_check() {
  x86_64-w64-mingw32-g++-posix -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Wshadow -Werror -I. \
    common/core/files.cpp common/core/error_kind.cpp common/service/windows_service_host.cpp
}

run_step format format_check
run_step layers /usr/bin/python3 tools/check_layers.py
run_step windows-compile windows_check
run_step webui-build npm --prefix webui run build
build_start=$SECONDS
if run_step configure cmake --preset ci && run_step build cmake --build --preset ci; then
  echo "   C++ build: $((SECONDS - build_start)) s"
  echo "== ctest"
  (cd build/ci && ctest -j2 --output-on-failure --output-junit "$reports/ctest.xml") \
    > "$reports/ctest.log" 2>&1 || tail -n 80 "$reports/ctest.log"
  tail -n 3 "$reports/ctest.log"
  manager_bin="$root/build/ci/manager/printwarden-manager"
  agent_bin="$root/build/ci/agent/printwarden-agent"
  sim_bin="$root/build/ci/tools/simulator/printwarden-sim"
else
  manager_bin=""
  agent_bin=""
  sim_bin=""
fi

echo "== webui unit tests"
(cd webui && npx vitest run --reporter=default --reporter=junit --outputFile.junit="$reports/webui-unit.xml") \
  > "$reports/webui-unit.log" 2>&1 || tail -n 60 "$reports/webui-unit.log"

echo "== browser tests"
(cd webui && PW_MANAGER_BIN="$manager_bin" PW_AGENT_BIN="$agent_bin" PW_SIM_BIN="$sim_bin" \
  PW_WEBUI_DIST="$root/webui/dist" \
  npx vitest run --config vitest.browser.config.ts --reporter=default --reporter=junit \
  --outputFile.junit="$reports/webui-browser.xml") > "$reports/webui-browser.log" 2>&1 \
  || tail -n 60 "$reports/webui-browser.log"

echo "== total ($SECONDS s)"
expected=("$reports"/step-*.xml "$reports/ctest.xml" "$reports/webui-unit.xml" "$reports/webui-browser.xml")
/usr/bin/python3 tools/junit_summary.py "${expected[@]}"
