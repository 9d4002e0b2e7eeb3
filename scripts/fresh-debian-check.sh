#!/bin/sh
# Runs the README's two set-up commands the way a new user's fresh Debian 12 machine would:
# each in its own copy of a minimal Debian 12 root (debootstrap, cached), on a clean clone of
# this repository's HEAD, as root. Our own machines carry more than a fresh Debian 12 (newer
# Node.js, packages installed by earlier work), so a green run here is the proof CI alone is not.
#
#   sudo ./scripts/fresh-debian-check.sh [test|serve|packages|both|ci]     (default both)
#
# test:     ./scripts/test.sh must pass (it builds, starts its own qBittorrent 4.5.2 / 5.1 and
#           Redis); about an hour on 2 cores, so CI runs `packages` in its place.
# serve:    ./scripts/run-server.sh must answer GET /api/health on 127.0.0.1 within its build time.
# packages: the test command's cheaper form, for what a fresh machine lacks that ours have: its
#           install step (scripts/install-deps.sh build runtime test, npm ci included), `meson
#           setup` with the test suite (every dependency the build names is found), the programs
#           the tests start, and Node.js driving Chromium through playwright-core (Debian 12's
#           Node.js 18). It compiles nothing; a package only a compiler or a test run would miss
#           is left to `test`.
# both:     serve, then test.   ci: serve and packages side by side (what .ci/run runs).
# Needs debootstrap and unshare; every mount is private to this process and gone when it ends,
# and the copy's processes live in their own pid namespace (killed with it, invisible to pkill
# outside).
set -eu
cd "$(dirname "$0")/.."
what=${1:-both}
cache=${QBT_FRESH_CACHE:-/var/cache/qbt-rules}
pristine=$cache/bookworm-fresh
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
if [ ! -x "$pristine/bin/sh" ]; then
    echo "fresh-debian-check: making a minimal Debian 12 root in $pristine (once)"
    debootstrap --variant=minbase bookworm "$pristine" "$mirror"
fi

# run_in_copy NAME SCRIPT: copy the pristine root, clone HEAD into it, run SCRIPT inside.
run_in_copy() {
    root=$cache/fresh-$1
    rm -rf "$root"
    cp -a "$pristine" "$root"
    git clone -q --no-hardlinks "$PWD" "$root/root/qbt-rules"
    git -C "$root/root/qbt-rules" checkout -q "$(git rev-parse HEAD)"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    # Downloaded .deb files are kept between runs (each copy still installs them itself), one
    # folder per kind of copy: apt locks its archive folder, and ci runs two copies at once.
    mkdir -p "$cache/apt-archives/$1/partial"
    # The local CAs this environment's machines trust (e.g. an egress proxy's): a fresh machine
    # here has them too; ca-certificates adds them to the root's bundle when it is installed.
    if [ -d /usr/local/share/ca-certificates ]; then
        mkdir -p "$root/usr/local/share/ca-certificates"
        cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
    fi
    start=$(date +%s)
    status=0
    unshare --mount --propagation private --pid --fork sh -euc '
        root=$1; script=$2; name=$3; cache=$4; trixie=$5
        # A real machine'"'"'s / is a mount point; the copy must be one too, or the nested
        # `unshare --mount` that runs qBittorrent 5.1 in its own root cannot start.
        mount --bind "$root" "$root"
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mount -t sysfs sys "$root/sys"
        mount -t tmpfs tmpfs "$root/tmp"
        mount --bind "$cache/apt-archives/$name" "$root/var/cache/apt/archives"
        # packages: the Debian 13 root of the 5.1 lab is made by the machine'"'"'s own test
        # command (CI step 1); reused here rather than made again.
        if [ "$name" = packages ] && [ -x "$trixie/usr/bin/qbittorrent-nox" ]; then
            mkdir -p "$root/var/cache/qbt-rules/trixie"
            mount --bind "$trixie" "$root/var/cache/qbt-rules/trixie"
        fi
        exec chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin \
            LANG=C.UTF-8 sh -euc "cd /root/qbt-rules; $script"
    ' sh "$root" "$2" "$1" "$cache" "${QBT_TEST_QBITTORRENT5_ROOT:-/var/cache/qbt-rules/trixie}" || status=$?
    echo "fresh-debian-check: $1 exited $status after $(( $(date +%s) - start )) s"
    return $status
}

serve_script='
apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends curl >/dev/null
( QBT_RULES_QBITTORRENT_HOST=http://127.0.0.1:9 QBT_RULES_QBITTORRENT_PASSWORD=secret \
  QBT_RULES_SERVER_HOST=127.0.0.1 QBT_RULES_SERVER_PORT=5790 ./scripts/run-server.sh >/root/serve.log 2>&1 &
  echo $! >/tmp/serve.pid )
for i in $(seq 1 3600); do
    code=$(curl -sS -o /tmp/health.json -w "%{http_code}" http://127.0.0.1:5790/api/health 2>/dev/null || true)
    case $code in 200|503) break ;; esac
    kill -0 "$(cat /tmp/serve.pid)" 2>/dev/null || break  # run-server.sh gave up
    sleep 1
done
kill "$(cat /tmp/serve.pid)" 2>/dev/null || true
echo "GET /api/health: HTTP $code"; cat /tmp/health.json; echo
case $code in 200|503) grep -q "\"status\"" /tmp/health.json ;; *) tail -20 /root/serve.log; exit 1 ;; esac
'

packages_script='
./scripts/install-deps.sh build runtime test
meson setup /tmp/configured . >/tmp/setup.log 2>&1 || { tail -30 /tmp/setup.log; exit 1; }
meson introspect --tests /tmp/configured | grep -q "\"dashboard_e2e\""
for program in qbittorrent-nox redis-server mktorrent sqlite3 curl chromium node; do
    command -v $program >/dev/null || { echo "fresh-debian-check: $program missing"; exit 1; }
done
python3 -c "import libtorrent"
chroot /var/cache/qbt-rules/trixie /usr/bin/qbittorrent-nox --version
node tests/dashboard/dashboard_test.mjs --browser-only
echo "fresh-debian-check: packages of the test command present, test build configured"
'

rc=0
case $what in
    test) run_in_copy test ./scripts/test.sh || rc=$? ;;
    serve) run_in_copy serve "$serve_script" || rc=$? ;;
    packages) run_in_copy packages "$packages_script" || rc=$? ;;
    both)
        run_in_copy serve "$serve_script" || rc=$?
        run_in_copy test ./scripts/test.sh || rc=$?
        ;;
    ci)
        # Side by side: serve mostly compiles, packages mostly unpacks; each copy is its own
        # root, and their output goes to a log each, printed when both have ended.
        run_in_copy serve "$serve_script" >"$cache/fresh-serve.log" 2>&1 &
        serve_pid=$!
        run_in_copy packages "$packages_script" >"$cache/fresh-packages.log" 2>&1 &
        packages_pid=$!
        wait $serve_pid || rc=$?
        wait $packages_pid || rc=$?
        for log in "$cache/fresh-serve.log" "$cache/fresh-packages.log"; do
            echo "== $log (last 25 lines)"
            tail -n 25 "$log"
        done
        ;;
    *) echo "usage: $0 [test|serve|packages|both|ci]" >&2; exit 2 ;;
esac
exit $rc
