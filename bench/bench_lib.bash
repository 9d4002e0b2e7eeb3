# Shared by bench/api_bench.sh and bench/load_test.sh (bash; sourced after the caller set
# WORK, a temp dir, and PIDS=(), the processes to stop on exit; start_qbt_rules also reads
# EXE and KEY).

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

# start_redis: a redis-server on 127.0.0.1 with AOF (everysec), data in WORK; sets REDIS_URL.
start_redis() {
    local port; port=$(free_port); mkdir -p "$WORK/redis-data"
    redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --dir "$WORK/redis-data" \
        --appendonly yes --appendfsync everysec --save "" >"$WORK/redis.log" 2>&1 &
    PIDS+=($!)
    REDIS_URL="redis://127.0.0.1:$port/0"
    wait_until 10 redis-cli -p "$port" ping || { cat "$WORK/redis.log" >&2; exit 1; }
}

# start_qbt_rules BACKEND POLL_INTERVAL WAIT_SECONDS [VAR=value...]: `qbt-rules --serve` on
# 127.0.0.1 with the queue BACKEND (Redis at REDIS_URL), WORK/rules.yml, the lab's
# qBittorrent and no user plugins; logs to WORK/BACKEND/server.log. Sets SERVER_PID, BASE.
start_qbt_rules() {
    local backend=$1 poll=$2 wait=$3 port; shift 3
    port=$(free_port)
    local dir="$WORK/$backend"; mkdir -p "$dir"
    env QBT_RULES_CONFIG_DIR="$dir" QBT_RULES_SERVER_HOST=127.0.0.1 QBT_RULES_SERVER_PORT="$port" \
        QBT_RULES_SERVER_API_KEY="$KEY" QBT_RULES_QUEUE_BACKEND="$backend" \
        QBT_RULES_QUEUE_SQLITE_PATH="$dir/qbt-rules.db" QBT_RULES_QUEUE_REDIS_URL="${REDIS_URL:-}" \
        QBT_RULES_QUEUE_POLL_INTERVAL="$poll" QBT_RULES_RULES_FILE="$WORK/rules.yml" \
        QBT_RULES_QBITTORRENT_HOST="$QBT_URL" QBT_RULES_QBITTORRENT_USERNAME="$QBT_USER" \
        QBT_RULES_QBITTORRENT_PASSWORD="$QBT_PASS" QBT_RULES_PLUGINS_DIRS="$dir/no-plugins" \
        "$@" "$EXE" --serve >"$dir/server.log" 2>&1 &
    SERVER_PID=$!
    PIDS+=($SERVER_PID)
    BASE="http://127.0.0.1:$port"
    wait_until "$wait" curl -sf "$BASE/api/health" || { tail -20 "$dir/server.log" >&2; exit 1; }
}
