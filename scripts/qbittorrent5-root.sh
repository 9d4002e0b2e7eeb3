#!/bin/sh
# Makes (once) the Debian 13 root the test harness runs qBittorrent 5.1 from
# (QBT_TEST_QBITTORRENT=5.1, tests/harness/qbt_release.hpp): Debian 13 ships qbittorrent-nox
# 5.1.0, which cannot be installed into Debian 12 itself. Called by scripts/install-deps.sh for
# the test purpose; a root that is already there is reused (about 1.5 min and ~340 MB to make).
#
# Environment: QBT_TEST_QBITTORRENT5_ROOT (default /var/cache/qbt-rules/trixie),
# QBT_TEST_DEBIAN_MIRROR (default: the Debian mirror of this machine's apt sources).
# Needs root (uses sudo when not root) and debootstrap (the test purpose installs it).
set -eu
ROOT=${QBT_TEST_QBITTORRENT5_ROOT:-/var/cache/qbt-rules/trixie}
SUITE=trixie
# curl: qBittorrent runs its "external program" hooks inside the root (tests/e2e/webhook_test).
PACKAGES="qbittorrent-nox curl"
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo

# The first Debian mirror apt uses for this release (deb822 .sources or one-line lists).
debian_mirror() {
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        awk -v want="$codename" 'BEGIN { RS = "" }
            {
                types = uris = suites = ""
                n = split($0, lines, "\n")
                for (i = 1; i <= n; i++) {
                    if (lines[i] ~ /^Types:/) types = " " substr(lines[i], 7) " "
                    if (lines[i] ~ /^URIs:/) uris = substr(lines[i], 6)
                    if (lines[i] ~ /^Suites:/) suites = " " substr(lines[i], 8) " "
                }
                if (types ~ / deb / && suites ~ (" " want " ")) { split(uris, u, " "); print u[1]; exit }
            }' "$file"
    done
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        awk -v want="$codename" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++; if ($2 ~ /^\[/) i++;
                                  if ($(i + 1) == want) { print $i; exit } }'
    echo http://deb.debian.org/debian
}

missing_packages() {
    missing=""
    for p in $PACKAGES; do
        $sudo chroot "$ROOT" dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q ' installed$' ||
            missing="$missing $p"
    done
    echo $missing
}

if [ -x "$ROOT/usr/bin/qbittorrent-nox" ]; then
    missing=$(missing_packages)
    if [ -z "$missing" ]; then
        echo "qbittorrent5-root: $ROOT present ($($sudo chroot "$ROOT" dpkg-query -W -f='${Version}' qbittorrent-nox))"
        exit 0
    fi
    # A root made before a package was added to PACKAGES: install it there (the root's
    # apt points at the mirror it was made from).
    echo "qbittorrent5-root: adding $missing to $ROOT"
    # shellcheck disable=SC2086
    $sudo unshare --mount --propagation private sh -c '
        root=$1; shift
        mount --bind /proc "$root/proc"
        exec chroot "$root" sh -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $*"
    ' sh "$ROOT" $missing
    exit 0
fi

command -v debootstrap >/dev/null || { echo "qbittorrent5-root: debootstrap missing (scripts/install-deps.sh test)" >&2; exit 1; }
mirror=${QBT_TEST_DEBIAN_MIRROR:-$(debian_mirror | head -n 1)}
# Made next to its final place and renamed at the end: an interrupted run leaves no
# half-made root that a later run would take for a finished one.
partial="$ROOT.partial"
echo "qbittorrent5-root: debootstrap $SUITE from $mirror into $ROOT (about 1.5 min)"
$sudo rm -rf "$partial"
$sudo mkdir -p "$(dirname "$ROOT")"
if ! $sudo debootstrap --variant=minbase --include="$(echo $PACKAGES | tr ' ' ,)" "$SUITE" "$partial" "$mirror" \
        >"$partial.log" 2>&1; then
    tail -n 30 "$partial.log" >&2
    echo "qbittorrent5-root: debootstrap failed (whole log: $partial.log)" >&2
    $sudo rm -rf "$partial"
    exit 1
fi
$sudo rm -f "$partial.log"
$sudo mv "$partial" "$ROOT"
echo "qbittorrent5-root: $ROOT ready ($($sudo chroot "$ROOT" dpkg-query -W -f='${Version}' qbittorrent-nox))"
