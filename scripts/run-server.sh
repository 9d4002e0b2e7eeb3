#!/bin/sh
# The README's "build and run" command: install packages, build, prepare ./local-config
# on first start (default config and rules, a random API key) and run the server with
# the SQLite queue. Point it at your qBittorrent with QBT_RULES_QBITTORRENT_HOST,
# _USERNAME and _PASSWORD (or edit local-config/config.yml).
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh build runtime
# Its own build dir without tests or benchmarks: their packages (GoogleTest, Google Benchmark)
# are the test command's business, so this command works on a machine that has only these.
# A release build, as in the Docker image: optimised, no debug information.
build=${BUILD_DIR:-build-server}
BUILD_DIR=$build ./scripts/build.sh --buildtype=release -Dtests=false -Dbenchmarks=disabled
config_dir=${QBT_RULES_CONFIG_DIR:-$PWD/local-config}
./scripts/first-start.sh "$config_dir" "$PWD/config"
if [ -z "${QBT_RULES_SERVER_API_KEY:-}${QBT_RULES_SERVER_API_KEY_FILE:-}" ] && [ -s "$config_dir/api_key" ] &&
   ! ./scripts/first-start.sh --has-config-key "$config_dir"; then
    export QBT_RULES_SERVER_API_KEY_FILE="$config_dir/api_key"
fi
exec "./$build/host/qbt-rules" --serve --config-dir "$config_dir" "$@"
