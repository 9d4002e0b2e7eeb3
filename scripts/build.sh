#!/bin/sh
# Configure (once) and build into ./build (or $BUILD_DIR). Extra args go to `meson setup`.
set -eu
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$@"
fi
meson compile -C "$build"
