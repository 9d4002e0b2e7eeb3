# Shell helpers for tests/e2e/docker_*_test.sh and validate_*_test.sh (sourced, POSIX sh).
# Callers set `work` (a temp dir) and `server_pid` (""), and call stop_server on exit.

step() { echo "--- $(date +%s.%N | cut -c1-14) $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# One-shot runs of the binary ($exe) for the validate scripts:
# run NAME ARGS...: output in $work/NAME.out (stdout+stderr), status in $rc.
run() {
    name=$1
    shift
    rc=0
    timeout 60 "$exe" "$@" > "$work/$name.out" 2>&1 || rc=$?
}
expect_rc() { [ "$rc" = "$1" ] || fail "$2: exit status $rc, wanted $1: $(cat "$work/$2.out")"; }
expect_out() { grep -qF -- "$2" "$work/$1.out" || fail "$1: no '$2' in: $(cat "$work/$1.out")"; }
refuse_out() { grep -qF -- "$2" "$work/$1.out" && fail "$1: '$2' must not appear: $(cat "$work/$1.out")"; return 0; }

# Shell assignments opt_<name>=<value> for the meson options of a configured build dir
# (booleans as True/False), for `eval`. One python start: they are slow on a busy machine.
build_options() {
    python3 -c 'import json, sys
for o in json.load(open(sys.argv[1] + "/meson-info/intro-buildoptions.json")):
    if o["name"] in ("prefix", "libdir", "datadir", "includedir", "buildtype", "tests"):
        print("opt_%s=\x27%s\x27" % (o["name"], o["value"]))' "$1"
}

# A port nothing listens on (curl exit 7: connection refused), from a random start.
free_port() {
    port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000 ))
    while :; do
        rc=0
        curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/" || rc=$?
        [ "$rc" = 7 ] && { echo "$port"; return; }
        port=$((port + 1))
    done
}

# A base id such that base..base+3 are neither users nor groups.
free_id_pair() {
    id=47000
    while :; do
        used=no
        for i in 0 1 2 3; do
            getent passwd $((id + i)) >/dev/null && used=yes
            getent group $((id + i)) >/dev/null && used=yes
        done
        [ "$used" = no ] && { echo "$id"; return; }
        id=$((id + 10))
    done
}

# HTTP status of GET <path> on the running server, with an X-API-Key when given.
http_code() {
    if [ -n "${2:-}" ]; then
        curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $2" "http://127.0.0.1:$QBT_RULES_SERVER_PORT$1"
    else
        curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$QBT_RULES_SERVER_PORT$1"
    fi
}

# Runs the entrypoint ($QBT_RULES_SHARE_DIR/docker-entrypoint.sh, which execs the server)
# on a free port, output to LOG; fails unless /api/health answers 200 within 30 s.
start_server() {
    # free_port only probes: another test may take the port first; then retry on a new one.
    for attempt in 1 2 3; do
        QBT_RULES_SERVER_PORT=$(free_port)
        export QBT_RULES_SERVER_PORT
        "$QBT_RULES_SHARE_DIR/docker-entrypoint.sh" > "$1" 2>&1 &
        server_pid=$!
        tries=0
        while [ "$(http_code /api/health)" != 200 ]; do
            if ! kill -0 "$server_pid" 2>/dev/null; then
                wait "$server_pid" || true
                server_pid=""
                if [ "$attempt" -lt 3 ] && grep -q "Address already in use" "$1"; then continue 2; fi
                fail "server exited: $(cat "$1")"
            fi
            tries=$((tries + 1))
            [ $tries -lt 300 ] || fail "no /api/health 200 within 30 s: $(cat "$1")"
            sleep 0.1
        done
        return 0
    done
}

# SIGTERM, up to 15 s, then SIGKILL; reaps the process.
stop_server() {
    [ -n "${server_pid:-}" ] || return 0
    kill -TERM "$server_pid" 2>/dev/null || true
    tries=0
    while kill -0 "$server_pid" 2>/dev/null && [ $tries -lt 150 ]; do
        # A zombie still answers kill -0: reap it once it has exited.
        [ "$(ps -o stat= -p "$server_pid" 2>/dev/null | cut -c1)" = Z ] && break
        sleep 0.1
        tries=$((tries + 1))
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

# For each library path read on stdin, "<path> <package>" of the Debian package owning it
# (usrmerge: dpkg may know it under /lib or /usr/lib, or only its resolved name), or
# "<path> ?" when none does. One dpkg call: each is slow.
library_owners() {
    libs=$(cat)
    candidates=""
    for lib in $libs; do
        real=$(readlink -f "$lib")
        for c in "$lib" "$real"; do candidates="$candidates $c ${c#/usr} /usr${c#/usr}"; done
    done
    # shellcheck disable=SC2086
    owners=$(dpkg -S $candidates 2>/dev/null | sed 's/:[^ ]*: / /')
    for lib in $libs; do
        real=$(readlink -f "$lib")
        owner=$(echo "$owners" | awk -v a="$lib" -v b="$real" \
            'function bare(p) { sub("^/usr", "", p); return p }
             bare($2) == bare(a) || bare($2) == bare(b) { print $1; exit }')
        echo "$lib ${owner:-?}"
    done
}
