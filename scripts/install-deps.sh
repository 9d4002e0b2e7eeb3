#!/bin/sh
# Install the Debian packages for the given purposes (build runtime test bench; default:
# build runtime test). Reads scripts/packages.txt. Needs root (uses sudo when not root).
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
missing=$(dpkg-query -W -f='${Package} ${Status}\n' $packages 2>/dev/null | awk '$4 != "installed" {print $1}' || true)
for p in $packages; do dpkg-query -W "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -z "$(echo $missing)" ]; then
    echo "install-deps: all packages present"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends $packages
