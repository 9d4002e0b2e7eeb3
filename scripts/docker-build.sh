#!/bin/sh
# What the Dockerfile's build stage runs, and what CI runs outside Docker: a release
# build without tests, installed under DESTDIR with prefix /usr.
#   scripts/docker-build.sh DESTDIR [BUILD_DIR]
set -eu
cd "$(dirname "$0")/.."
destdir=${1:?usage: docker-build.sh DESTDIR [BUILD_DIR]}
build=${2:-build-release}
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" --buildtype=release --prefix=/usr -Dtests=false -Dbenchmarks=disabled
fi
meson compile -C "$build"
DESTDIR="$destdir" meson install -C "$build" --no-rebuild --quiet
# Defaults and scripts the entrypoint uses on first start.
install -d "$destdir/usr/share/qbt-rules"
install -m 0644 config/config.default.yml config/rules.default.yml "$destdir/usr/share/qbt-rules/"
install -m 0755 scripts/first-start.sh scripts/docker-entrypoint.sh "$destdir/usr/share/qbt-rules/"
install -d "$destdir/plugins" "$destdir/config"
