#!/bin/sh
# A first look at qbt-rules, on this machine only (everything listens on 127.0.0.1):
#   1. builds the project (scripts/build.sh; a no-op when up to date),
#   2. starts a throw-away qbittorrent-nox with 40 sample torrents (tests/harness qbt-lab),
#   3. starts `qbt-rules --serve` with config/rules.default.yml, SQLite and a random key,
#   4. queues a dry run (as a cron job would, with curl) and prints what the rules would do,
#   5. queues the real job (with the client mode of qbt-rules) and prints what changed,
#   6. keeps everything running for you to explore until Ctrl-C (or exits with --once).
# Everything it started is stopped, and its temporary directory removed, on exit.
#
#   ./scripts/demo.sh [--once] [--no-build]      BUILD_DIR=build (default)
# Installs what it needs first (scripts/install-deps.sh build runtime test: meson,
# qbittorrent-nox, curl, python3...; a no-op when present), so it is a single command on a
# fresh Debian 12 machine.
set -eu
cd "$(dirname "$0")/.."

once=false
build_first=true
for arg in "$@"; do
    case $arg in
        --once) once=true ;;
        --no-build) build_first=false ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "demo.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

build=${BUILD_DIR:-build}
if $build_first; then
    ./scripts/install-deps.sh build runtime test >/dev/null
fi
# Debian's own python3 first: a version manager's shim can take seconds per start.
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3) || python=""
if [ -z "$python" ] || ! command -v curl >/dev/null; then
    echo "demo.sh: curl or python3 is missing (scripts/install-deps.sh test)" >&2
    exit 1
fi
if $build_first; then
    echo "== Building into $build"
    BUILD_DIR=$build ./scripts/build.sh >/dev/null
fi
exe=$build/host/qbt-rules
lab=$build/tests/harness/qbt-lab
for program in "$exe" "$lab"; do
    [ -x "$program" ] || { echo "demo.sh: $program is not built (run scripts/build.sh; tests must be enabled)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/qbt-demo.XXXXXX")
lab_pid=""
server_pid=""
cleanup() {
    status=$?
    trap - EXIT INT TERM
    for pid in $server_pid $lab_pid; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in $server_pid $lab_pid; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
    echo "== Demo stopped (qbt-rules and qbittorrent-nox ended, $work removed)"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits up to $2 seconds for the command $1 to succeed.
wait_for() {
    tries=$(( $2 * 5 ))
    while [ "$tries" -gt 0 ]; do
        if eval "$1"; then return 0; fi
        tries=$((tries - 1))
        sleep 0.2
    done
    return 1
}

echo "== Starting qbittorrent-nox with 40 sample torrents (127.0.0.1 only)"
"$lab" --torrents 40 >"$work/lab.log" 2>&1 &
lab_pid=$!
wait_for 'grep -q "^ready" "$work/lab.log" || ! kill -0 $lab_pid 2>/dev/null' 90
grep -q '^ready' "$work/lab.log" || { cat "$work/lab.log" >&2; echo "demo.sh: qbt-lab did not start" >&2; exit 1; }
value() { sed -n "s/^$1=//p" "$work/lab.log" | head -n 1; }
qbt_url=$(value url)
qbt_user=$(value username)
qbt_pass=$(value password)
echo "   qBittorrent Web UI: $qbt_url (user $qbt_user, password $qbt_pass)"
echo "   qBittorrent profile: $(value profile)"

# Give some samples names and tags the default rules care about.
curl -s --noproxy '*' -c "$work/qbt.cookies" --data-urlencode "username=$qbt_user" \
    --data-urlencode "password=$qbt_pass" "$qbt_url/api/v2/auth/login" >/dev/null
curl -s --noproxy '*' -b "$work/qbt.cookies" "$qbt_url/api/v2/torrents/info?sort=name" >"$work/torrents.json"
"$python" - "$work/torrents.json" >"$work/renames" <<'EOF'
import json, sys
names = ["ubuntu-24.04-desktop-amd64.iso", "debian-12.5.0-amd64-netinst.iso",
         "Fedora-Workstation-Live-x86_64-40.iso", "archlinux-2024.06.01-x86_64.iso"]
torrents = json.load(open(sys.argv[1]))
for torrent, name in zip(torrents, names):
    print(torrent["hash"], name)
EOF
while read -r hash name; do
    curl -s --noproxy '*' -b "$work/qbt.cookies" --data "hash=$hash" --data-urlencode "name=$name" \
        "$qbt_url/api/v2/torrents/rename" >/dev/null
done <"$work/renames"
echo "   renamed $(wc -l <"$work/renames") samples to Linux image names"

# A free port on 127.0.0.1 and a random API key.
set -- $("$python" -c 'import secrets, socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1], secrets.token_hex(20))')
port=$1
key=$2
server=http://127.0.0.1:$port
export QBT_RULES_CONFIG_DIR="$work"
export QBT_RULES_SERVER_HOST=127.0.0.1 QBT_RULES_SERVER_PORT="$port" QBT_RULES_SERVER_API_KEY="$key"
export QBT_RULES_QUEUE_SQLITE_PATH="$work/qbt-rules.db" QBT_RULES_RULES_FILE="$PWD/config/rules.default.yml"
export QBT_RULES_PLUGINS_DIRS="$work/plugins"
export QBT_RULES_QBITTORRENT_HOST="$qbt_url" QBT_RULES_QBITTORRENT_USERNAME="$qbt_user"
export QBT_RULES_QBITTORRENT_PASSWORD="$qbt_pass"
export QBT_RULES_CLIENT_SERVER_URL="$server" QBT_RULES_CLIENT_API_KEY="$key"

echo "== Starting qbt-rules --serve on $server (rules: config/rules.default.yml)"
"$exe" --serve >"$work/server.log" 2>&1 &
server_pid=$!
wait_for 'curl -sf --noproxy "*" "$server/api/health" >/dev/null || ! kill -0 $server_pid 2>/dev/null' 30
curl -sf --noproxy '*' "$server/api/health" >/dev/null || { cat "$work/server.log" >&2; echo "demo.sh: the server did not start" >&2; exit 1; }
echo "   started: lab pid $lab_pid, server pid $server_pid, files in $work"

summary() {  # prints a job result (JSON on stdin) for people
    "$python" -c '
import collections, json, sys
text = sys.stdin.read()
result = json.loads(text[text.index("{"):])
result = result.get("result", result)
print("   torrents: %(total_torrents)d, matched by a rule: %(torrents_processed)d, rule matches: %(rules_matched)d" % result)
print("   actions executed: %(actions_executed)d, skipped: %(actions_skipped)d, errors: %(errors)d" % result)
planned = collections.Counter((p["rule"], p["action"], json.dumps(p["params"])) for p in result.get("planned", []))
for (rule, action, params), count in planned.most_common():
    print("   would %s %s on %d torrent(s)   [rule: %s]" % (action, params, count, rule))'
}

echo "== Dry run (what a cron job sends: POST /api/execute?context=weekly-cleanup&dry_run=true)"
job=$(curl -s --noproxy '*' -X POST -H "X-API-Key: $key" "$server/api/execute?context=weekly-cleanup&dry_run=true")
job_id=$(printf '%s' "$job" | "$python" -c 'import json, sys; print(json.load(sys.stdin)["job_id"])')
wait_for 'curl -s --noproxy "*" -H "X-API-Key: $key" "$server/api/jobs/$job_id" | grep -q "\"status\":\"completed\""' 60 \
    || { echo "demo.sh: the dry run did not complete" >&2; cat "$work/server.log" >&2; exit 1; }
echo "Dry run summary:"
curl -s --noproxy '*' -H "X-API-Key: $key" "$server/api/jobs/$job_id" | summary

echo "== Real run (client mode: qbt-rules --context weekly-cleanup --wait)"
"$exe" --context weekly-cleanup --wait >"$work/client.out" 2>&1 || { cat "$work/client.out" >&2; exit 1; }
echo "Real run summary:"
summary <"$work/client.out"
echo "   a few torrents now:"
curl -s --noproxy '*' -b "$work/qbt.cookies" "$qbt_url/api/v2/torrents/info?sort=name" | "$python" -c '
import json, sys
torrents = sorted(json.load(sys.stdin), key=lambda t: (t["category"] == "", t["name"]))
for t in torrents[:6]:
    print("     %-40s category=%-12s tags=%s" % (t["name"], t["category"] or "-", t["tags"] or "-"))'

if $once; then
    echo "== Done (--once)"
    exit 0
fi
cat <<EOF
== Running. Try:
   curl -s -H "X-API-Key: $key" "$server/api/jobs?limit=5"
   QBT_RULES_CLIENT_SERVER_URL=$server QBT_RULES_CLIENT_API_KEY=$key $exe --stats
   qBittorrent Web UI: $qbt_url ($qbt_user / $qbt_pass)
   Ctrl-C stops everything.
EOF
while kill -0 "$server_pid" 2>/dev/null && kill -0 "$lab_pid" 2>/dev/null; do
    sleep 1
done
echo "demo.sh: a process ended by itself; stopping" >&2
exit 1
