#!/bin/sh
# What the Dockerfile's build stage runs: a release build without tests, installed under
# DESTDIR with prefix /usr (meson installs the binary, the built-in plugins, the SDK and
# <datadir>/qbt-rules: default config, rules and the entrypoint scripts).
#   scripts/docker-build.sh DESTDIR [BUILD_DIR]
# QBT_DOCKER_BUILD_CONFIGURE_ONLY=1 stops after `meson setup` (tests/e2e/docker_layout
# checks the install plan of a release configuration without compiling it).
set -eu
destdir=${1:?usage: docker-build.sh DESTDIR [BUILD_DIR]}
build=${2:-build-release}
# Relative paths are relative to where the script was called from, not the source tree.
case "$destdir" in /*) ;; *) destdir="$PWD/$destdir" ;; esac
case "$build" in /*) ;; *) build="$PWD/$build" ;; esac
cd "$(dirname "$0")/.."
if [ ! -f "$build/build.ninja" ]; then
    # Debian's multiarch libdir (lib/x86_64-linux-gnu) given explicitly: without dpkg-dev,
    # as in the image's build stage, meson would pick lib64.
    multiarch=$(cc -print-multiarch 2>/dev/null || true)
    meson setup "$build" --buildtype=release --prefix=/usr -Dtests=false -Dbenchmarks=disabled \
        ${multiarch:+--libdir=lib/$multiarch}
fi
[ "${QBT_DOCKER_BUILD_CONFIGURE_ONLY:-0}" = 1 ] && exit 0
meson compile -C "$build"
DESTDIR="$destdir" meson install -C "$build" --no-rebuild --quiet
# Mount points of the image: user plugins and the config volume.
install -d "$destdir/plugins" "$destdir/config"
