#!/bin/sh
# Builds the Dockerfile as a user's `docker build` would, with podman (no Docker engine
# here), and checks the real image (tests/image/image_checks.sh): its own filesystem is
# started as a container, in a private network namespace. Prints the build time, the
# image's size (unpacked and gzip-compressed, as a registry serves it) and its layers.
#   scripts/image-check.sh          BUILD_DIR=build: where tests/harness/qbt-lab is built
# QBT_IMAGE_NO_CACHE=1 builds without podman's layer cache (CI's fresh machine is cold anyway).
# Network: only the build's `apt-get` reaches Debian's mirror, as apt on this machine does
# (the machine's Acquire settings are bind-mounted into the build, not baked in).
# Needs root and scripts/install-deps.sh image (podman, buildah, debootstrap).
set -eu
cd "$(dirname "$0")/.."
src=$PWD
build=${BUILD_DIR:-build}
case "$build" in /*) ;; *) build="$src/$build" ;; esac
lab=$build/tests/harness/qbt-lab
[ -x "$lab" ] || { echo "image-check: $lab is not built (scripts/build.sh)" >&2; exit 1; }
image=localhost/qbt-rules:check
build_image=localhost/qbt-rules:check-build

work=$(mktemp -d /var/tmp/qbt-image-check.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
since() { awk -v t0="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.0f", now - t0 }'; }

echo "== base images"
./scripts/image-bases.sh

echo "== podman build (log: stdout of this step on failure)"
apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|Proxy|https?::Proxy) ' > "$work/host-acquire.conf" || true
no_cache=""
[ "${QBT_IMAGE_NO_CACHE:-0}" = 1 ] && no_cache=--no-cache
build() {
    # shellcheck disable=SC2086
    podman build --format docker --isolation=chroot --pull=never --network=host \
        -v "$work/host-acquire.conf:/etc/apt/apt.conf.d/99host-acquire:ro" "$@" . > "$work/build.log" 2>&1 ||
        { tail -n 40 "$work/build.log" >&2; echo "image-check: podman build failed" >&2; exit 1; }
}
t0=$(date +%s.%N)
build $no_cache -t "$image"
build_seconds=$(since "$t0")
build --target build -t "$build_image"  # the build stage, from the layer cache just made
echo "built $image in $build_seconds s"

echo "== size"
unpacked=$(podman image inspect --format '{{.Size}}' "$image")
podman save --format docker-dir -o "$work/saved" "$image" >/dev/null 2>&1
compressed=0
layers=$(python3 -c 'import json, sys
print(" ".join(l["digest"].split(":")[1] for l in json.load(open(sys.argv[1]))["layers"]))' "$work/saved/manifest.json")
for layer in $layers; do  # base first
    size=$(gzip -6 -c "$work/saved/$layer" | wc -c)
    echo "layer $(echo "$layer" | cut -c1-12): $(($(stat -c %s "$work/saved/$layer") / 1000)) kB tar, $((size / 1000)) kB gzip"
    compressed=$((compressed + size))
done
rm -rf "$work/saved"
echo "unpacked: $((unpacked / 1000000)) MB, gzip-compressed layers: $((compressed / 1000000)) MB"
podman history --format '{{.Size}}\t{{.CreatedBy}}' "$image" | cut -c1-150

echo "== checks on the image"
unshare --net sh -c 'ip link set lo up && exec "$@"' sh \
    "$src/tests/image/image_checks.sh" "$image" "$build_image" "$src" "$lab"
echo "image-check: build $build_seconds s, $((unpacked / 1000000)) MB unpacked, $((compressed / 1000000)) MB compressed"
