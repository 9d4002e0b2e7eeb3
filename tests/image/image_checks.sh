#!/bin/sh
# Checks on the built image, its own filesystem started as a container would be
# (tests/image/image_lib.sh). Run by scripts/image-check.sh inside a private network
# namespace (only loopback): the server binds 0.0.0.0:5000 there and nowhere else.
#   image_checks.sh IMAGE BUILD_STAGE_IMAGE SOURCE_DIR QBT_LAB
# Prints one line per check; the first failing check ends the run with FAIL.
set -eu
image=$1 build_image=$2 src=$3 lab=$4
. "$src/tests/e2e/docker_test_lib.sh"
. "$src/tests/image/image_lib.sh"

work=$(mktemp -d /var/tmp/qbt-image-checks.XXXXXX)
chmod 755 "$work"
container_pid="" lab_pid=""
cleanup() {
    [ -z "$container_pid" ] || { kill -KILL "$container_pid" "$pid1" 2>/dev/null; wait "$container_pid" 2>/dev/null; }
    [ -z "$lab_pid" ] || { kill -TERM "$lab_pid" 2>/dev/null; wait "$lab_pid" 2>/dev/null; }
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "image configuration (podman image inspect)"
eval "$(image_config "$image")"
[ -n "$cfg_entrypoint" ] || fail "no ENTRYPOINT"
[ -n "$cfg_health" ] || fail "no HEALTHCHECK (built without --format docker?)"
[ "$cfg_volumes" = /config ] || fail "VOLUME is '$cfg_volumes', wanted /config"
[ "$cfg_ports" = 5000/tcp ] || fail "EXPOSE is '$cfg_ports', wanted 5000/tcp"
echo "entrypoint: $cfg_entrypoint $cfg_cmd; user: ${cfg_user:-root}; healthcheck: $cfg_health"

root=$work/rootfs
new_container "$image" "$root"

step "what the image holds: no compiler, no -dev package or headers, no tests, no .git"
for tool in cc gcc g++ c++ clang ld as make meson ninja; do
    [ ! -e "$root/usr/bin/$tool" ] || fail "the image holds /usr/bin/$tool"
done
dev=$(chroot "$root" dpkg-query -W -f='${Package}\n' | grep -E -- '-dev$|^gcc(-[0-9]+)?$|^g\+\+|^cpp|^clang|^binutils' || true)
[ -z "$dev" ] || fail "build packages in the image: $(echo $dev)"
headers=$(find "$root/usr/include" "$root/usr/local/include" -type f 2>/dev/null | head -5)
[ -z "$headers" ] || fail "headers in the image: $headers"
found=$(find "$root" -xdev \( -name .git -o -name '*_test' -o -name '*_test.*' -o -name 'libgtest*' -o -path "$root/src" \) -print | head -5)
[ -z "$found" ] || fail "test or source files in the image: $found"
echo "no compiler, no -dev package, no header, no test file, no .git"

step "every library the binary and plugins load is in the image"
plugins=$(cd "$root" && find usr/lib* -path '*/qbt-rules/plugins/*.so' | sed 's|^|/|')
[ "$(echo "$plugins" | wc -w)" -ge 3 ] || fail "built-in plugins missing: $plugins"
# shellcheck disable=SC2086
ldd_out=$(chroot "$root" ldd /usr/bin/qbt-rules $plugins)
! echo "$ldd_out" | grep -q 'not found' || fail "missing libraries: $(echo "$ldd_out" | grep 'not found')"
soname=$(sed -n 's/.*kLibrary = "\(.*\)";/\1/p' "$src/lib/lazy_curl/lazy_curl.hpp")
chroot "$root" ldconfig -p | grep -q "^[[:space:]]*$soname " || fail "$soname (dlopen'ed) is not in the image"
echo "$(echo "$ldd_out" | grep -c '=> /') libraries resolved, $soname present"

step "the example plugin, built in the build stage against the SDK installed there"
mkdir -p "$work/plugins" "$work/config"
mounted=$(podman image mount "$build_image")
cp "$mounted/examples/append_line.so" "$work/plugins/"
podman image unmount "$build_image" >/dev/null

step "a qBittorrent to work on (tests/harness qbt-lab, 127.0.0.1 of this namespace)"
"$lab" --torrents 5 > "$work/lab.log" 2>&1 &
lab_pid=$!
wait_for 'grep -q "^ready" "$work/lab.log" || ! kill -0 $lab_pid 2>/dev/null' 90
grep -q '^ready' "$work/lab.log" || fail "qbt-lab did not start: $(cat "$work/lab.log")"
value() { sed -n "s/^$1=//p" "$work/lab.log" | head -n 1; }
qbt_env="QBT_RULES_QBITTORRENT_HOST=$(value url) QBT_RULES_QBITTORRENT_USERNAME=$(value username) QBT_RULES_QBITTORRENT_PASSWORD=$(value password)"

step "first start with an empty /config (root entrypoint, default PUID/PGID 1000)"
t0=$(date +%s.%N)
# shellcheck disable=SC2086
start_container "$root" "$work/config" "$work/plugins" "$work/first.log" $qbt_env
healthy() { in_container /bin/sh -c "$cfg_health" >/dev/null 2>&1; }
wait_for healthy 60 || fail "HEALTHCHECK did not pass within 60 s: $(cat "$work/first.log")"
health_seconds=$(since "$t0")
echo "HEALTHCHECK passed $health_seconds s after start"
for f in config.yml rules.yml api_key; do [ -f "$work/config/$f" ] || fail "first start wrote no /config/$f"; done
for f in config.yml api_key; do
    [ "$(stat -c '%a %u %g' "$work/config/$f")" = "600 1000 1000" ] || fail "/config/$f is $(stat -c '%a %u %g' "$work/config/$f"), wanted 600 1000 1000"
done
[ "$(stat -c '%u %g' "$work/config/rules.yml")" = "1000 1000" ] || fail "rules.yml not owned by 1000:1000"
grep -q "your API key is in /config/api_key" "$work/first.log" || fail "the log does not say where the key is"
echo "default config.yml (600), rules.yml and api_key (600) written, owned by 1000:1000"

step "PID 1 is qbt-rules, running as PUID:PGID"
case $(readlink "/proc/$pid1/exe") in */usr/bin/qbt-rules) ;; *) fail "PID 1 is $(readlink "/proc/$pid1/exe")" ;; esac
ids() { awk '/^Uid:/ {u = $2} /^Gid:/ {g = $2} END {print u, g}' "/proc/$pid1/status"; }
[ "$(ids)" = "1000 1000" ] || fail "qbt-rules runs as uid/gid $(ids), wanted 1000 1000"
echo "PID 1: /usr/bin/qbt-rules, uid/gid $(ids)"

step "the example plugin is listed by GET /api/version and used by a job"
key=$(cat "$work/config/api_key")
api() { in_container curl -fsS -H "X-API-Key: $key" "$@"; }
api http://127.0.0.1:5000/api/version > "$work/version.json" || fail "GET /api/version failed"
grep -q '"path":"/plugins/append_line.so","builtin":false,"provides":\["action:append_line"\]' "$work/version.json" || fail "append_line is not in /api/version: $(cat "$work/version.json")"
cat > "$work/config/rules.yml" <<'RULES'
rules:
  - name: Log every torrent
    conditions: [{field: info.name, operator: matches, value: '.'}]
    actions: [{type: append_line, params: {path: /config/finished.log}}]
RULES
job=$(api -X POST "http://127.0.0.1:5000/api/execute") || fail "POST /api/execute failed"
job_id=$(printf '%s' "$job" | python3 -c 'import json, sys; print(json.load(sys.stdin)["job_id"])')
wait_for 'api "http://127.0.0.1:5000/api/jobs/$job_id" | grep -q "\"status\":\"completed\""' 60 ||
    fail "the job did not complete: $(api "http://127.0.0.1:5000/api/jobs/$job_id")"
[ "$(wc -l < "$work/config/finished.log")" = 5 ] || fail "append_line wrote $(wc -l < "$work/config/finished.log") lines, wanted 5 (one per torrent)"
[ "$(stat -c '%u' "$work/config/finished.log")" = 1000 ] || fail "the plugin's file is not owned by PUID"
echo "append_line listed, and wrote one line for each of the 5 torrents"

step "SIGTERM to PID 1"
stop_container 10
echo "stopped $stop_seconds s after SIGTERM"

step "second start with PUID=1234 PGID=2345: files and process follow"
# shellcheck disable=SC2086
start_container "$root" "$work/config" "$work/plugins" "$work/second.log" $qbt_env PUID=1234 PGID=2345
wait_for healthy 60 || fail "HEALTHCHECK did not pass within 60 s: $(cat "$work/second.log")"
[ "$(cat "$work/config/api_key")" = "$key" ] || fail "the key changed"
[ "$(ids)" = "1234 2345" ] || fail "qbt-rules runs as uid/gid $(ids), wanted 1234 2345"
for f in config.yml rules.yml api_key finished.log; do
    [ "$(stat -c '%u %g' "$work/config/$f")" = "1234 2345" ] || fail "/config/$f is owned by $(stat -c '%u %g' "$work/config/$f")"
done
[ "$(chroot "$root" id -u qbt)" = 1234 ] || fail "the image's user qbt was not renumbered"
stop_container 10
echo "uid/gid 1234 2345, /config re-owned, key kept; stopped $stop_seconds s after SIGTERM"

step "deploy/*.yml against the image and --show-config"
python3 "$src/tests/image/compose_check.py" "$src" "$root" "$cfg_volumes" "$cfg_ports" "$cfg_env" ||
    fail "compose files do not match the image"
echo "health_seconds=$health_seconds"
echo "PASS"
