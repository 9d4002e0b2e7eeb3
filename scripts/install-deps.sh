#!/bin/sh
# Install the Debian packages for the given purposes (build runtime test bench; default:
# build runtime test). Reads scripts/packages.txt. Needs root (uses sudo when not root).
# The test purpose also makes (once) the Debian 13 root with qBittorrent 5.1 that the real
# tests run against too (scripts/qbittorrent5-root.sh; reused when present).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
purposes=${*:-build runtime test}
packages=""
for purpose in $purposes; do
    line=$(grep -E "^$purpose " "$here/packages.txt" || true)
    [ -n "$line" ] || { echo "install-deps: unknown purpose '$purpose'" >&2; exit 2; }
    packages="$packages ${line#"$purpose "}"
done
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
# The test purpose also needs tests/dashboard's npm packages (playwright-core, pinned by its
# package-lock.json; it drives Debian's chromium and downloads no browser).
npm_ci_for_tests() {
    if ! command -v npm >/dev/null; then
        # Machines of this kind ship Node.js 20 + npm; elsewhere fall back to Debian's.
        $sudo apt-get update -q
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends nodejs npm
    fi
    (cd "$here/../tests/dashboard" && npm ci --no-audit --no-fund --loglevel=error)
}
test_extras() {
    case " $purposes " in *" test "*) ;; *) return 0 ;; esac
    npm_ci_for_tests
    "$here/qbittorrent5-root.sh"
}
missing=$(dpkg-query -W -f='${Package} ${Status}\n' $packages 2>/dev/null | awk '$4 != "installed" {print $1}' || true)
for p in $packages; do dpkg-query -W "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -z "$(echo $missing)" ]; then
    echo "install-deps: all packages present"
    test_extras
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends $packages
test_extras
