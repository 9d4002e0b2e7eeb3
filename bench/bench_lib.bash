# Shared by bench/api_bench.sh and bench/load_test.sh (bash; sourced after the caller set
# WORK, a temp dir, and PIDS=(), the processes to stop on exit).

# Stops every process in PIDS (SIGTERM, up to 5 s for a clean stop: qbt-lab stops
# qbittorrent-nox; then SIGKILL) and removes WORK. Installed as the EXIT trap.
bench_cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for _ in $(seq 50); do
        local alive=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        (( alive )) || break
        sleep 0.1
    done
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap bench_cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # user + system, in clock ticks
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
fd_count() { ls "/proc/$1/fd" | wc -l; }
json_get() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }
wait_until() {  # wait_until SECONDS command...
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        (( SECONDS < deadline )) || return 1
        sleep 0.2
    done
}

# start_lab LAB TORRENTS TIMEOUT: a qbittorrent-nox with TORRENTS torrents on 127.0.0.1
# (tests/harness qbt-lab); sets QBT_URL, QBT_USER, QBT_PASS.
start_lab() {
    "$1" --torrents "$2" >"$WORK/lab.out" 2>"$WORK/lab.err" &
    PIDS+=($!)
    wait_until "$3" grep -q '^ready' "$WORK/lab.out" || { cat "$WORK/lab.err" >&2; exit 1; }
    QBT_URL=$(sed -n 's/^url=//p' "$WORK/lab.out")
    QBT_USER=$(sed -n 's/^username=//p' "$WORK/lab.out")
    QBT_PASS=$(sed -n 's/^password=//p' "$WORK/lab.out")
}
