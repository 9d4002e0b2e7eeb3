#!/bin/sh
# Runs the README's two set-up commands the way a new user's fresh Debian 12 machine would:
# each in its own copy of a minimal Debian 12 root (debootstrap, cached), on a clean clone of
# this repository's HEAD, as root. Our own machines carry more than a fresh Debian 12 (newer
# Node.js, packages installed by earlier work), so a green run here is the proof CI alone is not.
#
#   sudo ./scripts/fresh-debian-check.sh [test|serve|both]     (default both)
#
# test:  ./scripts/test.sh must pass (it builds, starts its own qBittorrent 4.5.2 / 5.1 and Redis).
# serve: ./scripts/run-server.sh must answer GET /api/health on 127.0.0.1 within its build time.
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
    # The local CAs this environment's machines trust (e.g. an egress proxy's): a fresh machine
    # here has them too; ca-certificates adds them to the root's bundle when it is installed.
    if [ -d /usr/local/share/ca-certificates ]; then
        mkdir -p "$root/usr/local/share/ca-certificates"
        cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
    fi
    start=$(date +%s)
    status=0
    unshare --mount --propagation private --pid --fork sh -euc '
        root=$1; script=$2
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mount -t sysfs sys "$root/sys"
        mount -t tmpfs tmpfs "$root/tmp"
        exec chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin \
            LANG=C.UTF-8 sh -euc "cd /root/qbt-rules; $script"
    ' sh "$root" "$2" || status=$?
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

rc=0
case $what in
    test) run_in_copy test ./scripts/test.sh || rc=$? ;;
    serve) run_in_copy serve "$serve_script" || rc=$? ;;
    both)
        run_in_copy serve "$serve_script" || rc=$?
        run_in_copy test ./scripts/test.sh || rc=$?
        ;;
    *) echo "usage: $0 [test|serve|both]" >&2; exit 2 ;;
esac
exit $rc
