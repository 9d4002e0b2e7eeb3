#!/bin/sh
# Makes the two base images the Dockerfile names, locally, without a registry:
# debian:bookworm (a debootstrap minbase root, as the official image is) and
# debian:bookworm-slim (the same root with the official slim image's doc/man/locale
# excludes), both with the official images' apt settings (docker-clean & co.) so the
# sizes compare with what users pull. Images already in podman's storage are kept.
#
# Environment: QBT_IMAGE_BASE_ROOT (the debootstrap root, cached and only read; default
# /var/cache/qbt-rules/bookworm-fresh, the pristine root scripts/fresh-debian-check.sh makes
# the same way), QBT_IMAGE_DEBIAN_MIRROR (default: this machine's Debian mirror).
# Needs root, debootstrap and podman (scripts/install-deps.sh image).
set -eu
ROOT=${QBT_IMAGE_BASE_ROOT:-/var/cache/qbt-rules/bookworm-fresh}
MIRROR=${QBT_IMAGE_DEBIAN_MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
FULL=docker.io/library/debian:bookworm
SLIM=docker.io/library/debian:bookworm-slim

if podman image exists "$FULL" && podman image exists "$SLIM"; then
    echo "image-bases: $FULL and $SLIM present"
    exit 0
fi

if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
    # Made next to its final place and renamed at the end: no half-made root is reused.
    echo "image-bases: debootstrap --variant=minbase bookworm into $ROOT (about 1.5 min)"
    rm -rf "$ROOT.partial" && mkdir -p "$(dirname "$ROOT")"
    if ! debootstrap --variant=minbase bookworm "$ROOT.partial" "$MIRROR" >"$ROOT.log" 2>&1; then
        tail -n 30 "$ROOT.log" >&2
        echo "image-bases: debootstrap failed (whole log: $ROOT.log)" >&2
        rm -rf "$ROOT.partial"
        exit 1
    fi
    rm -f "$ROOT.log"
    mv "$ROOT.partial" "$ROOT"
fi

work=$(mktemp -d /var/tmp/qbt-image-bases.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM

# The official images' apt sources and apt.conf.d/docker-* (debuerreotype).
official_tweaks() {
    root=$1
    rm -f "$root/etc/apt/sources.list"
    cat >"$root/etc/apt/sources.list.d/debian.sources" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    conf=$root/etc/apt/apt.conf.d
    clean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"'
    printf 'DPkg::Post-Invoke { %s; };\nAPT::Update::Post-Invoke { %s; };\nDir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n' \
        "$clean" "$clean" >"$conf/docker-clean"
    echo 'Acquire::GzipIndexes "true";' >"$conf/docker-gzip-indexes"
    echo 'Acquire::Languages "none";' >"$conf/docker-no-languages"
    echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$conf/docker-autoremove-suggests"
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/*
    find "$root/var/log" -type f -delete
    rm -f "$root/etc/hostname" "$root/etc/resolv.conf" "$root/etc/machine-id"
}

# debuerreotype's slimify: what dpkg no longer installs, and what is removed now.
slimify() {
    root=$1
    cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'EXCLUDES'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EXCLUDES
    find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
    rm -rf "$root"/usr/share/man/* "$root"/usr/share/groff/* "$root"/usr/share/info/* \
        "$root"/usr/share/lintian/* "$root"/usr/share/linda/*
    find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
}

import_root() {  # DIR IMAGE
    tar --numeric-owner --xattrs -C "$1" -c . |
        podman import --quiet --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$2" >/dev/null
    echo "image-bases: $2 imported ($(du -sh --apparent-size "$1" | cut -f1) unpacked)"
}

cp -a "$ROOT" "$work/full"
official_tweaks "$work/full"
import_root "$work/full" "$FULL"
mv "$work/full" "$work/slim"
slimify "$work/slim"
import_root "$work/slim" "$SLIM"
