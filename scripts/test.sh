#!/bin/sh
# The test command of the README and of CI: install packages, build, run every test.
# The tests start their own qbittorrent-nox and redis-server on 127.0.0.1.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh build runtime test
# -Ddebug=false (first configure only): -O2 with assertions but without debug information,
# which costs a third of the compile time and no test reads; `meson configure build
# -Ddebug=true` for a debugger.
./scripts/build.sh -Ddebug=false
# Generous timeouts: CI machines are small and the tests start real services.
meson test -C "${BUILD_DIR:-build}" --print-errorlogs --timeout-multiplier 3 "$@"
