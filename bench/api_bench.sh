#!/usr/bin/env bash
# API benchmark: the real `qbt-rules --serve` (release build) under wrk, with the job
# worker running real jobs against a qbittorrent-nox started by the harness's qbt-lab.
#
#   bench/api_bench.sh [BUILD_DIR]        (default ./build)
#   env: DURATION=20  BACKENDS="sqlite redis"  CONNS="4 64"  WORKERS=<server.workers, unset = default>
#        TORRENTS=50  ENDPOINTS="execute jobs"
#
# For each backend and connection count: POST /api/execute?context=bench and
# GET /api/jobs?limit=50 for DURATION s (wrk -t2 --latency); prints req/s, p50/p99, non-2xx,
# jobs the worker finished during the run (GET /api/stats before/after) and the server's
# RSS idle and after the runs; then the ratios to the targets of the issue.
# Right before each execute run, bench/bare_server (Pistache answering 202, storing
# nothing, same thread count) gets the same wrk load: the "bare" rows, and `vs_bare` =
# our req/s / bare req/s, are the ceiling this machine allows at that moment.
# Everything listens on 127.0.0.1 and is killed on exit.
set -euo pipefail

BUILD=${1:-build}
DURATION=${DURATION:-20}
BACKENDS=${BACKENDS:-"sqlite redis"}
CONNS=${CONNS:-"4 64"}
ENDPOINTS=${ENDPOINTS:-"execute jobs"}
TORRENTS=${TORRENTS:-50}
EXE="$BUILD/host/qbt-rules"
LAB="$BUILD/tests/harness/qbt-lab"
BARE="$BUILD/bench/bare_server"
KEY="bench-api-key-0123456789abcdef0123456789"

for tool in wrk curl python3 redis-server; do
    command -v "$tool" >/dev/null || { echo "api_bench: $tool is not installed" >&2; exit 2; }
done
[[ -x "$EXE" && -x "$LAB" && -x "$BARE" ]] || { echo "api_bench: build $EXE, $LAB and $BARE first (ninja -C $BUILD)" >&2; exit 2; }
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

WORK=$(mktemp -d /tmp/qbt-api-bench.XXXXXX)
PIDS=()
# shellcheck source=bench_lib.bash
. "$(dirname "$0")/bench_lib.bash"

# --- qBittorrent lab
start_lab "$LAB" "$TORRENTS" 120

# A fast job: one rule for context "bench" that tags every torrent (one torrents/info call,
# then add_tag only where the tag is missing).
cat >"$WORK/rules.yml" <<'EOF'
rules:
  - name: Tag bench torrents
    context: bench
    conditions:
      - field: info.size
        operator: '>='
        value: 0
    actions:
      - type: add_tag
        params: {tags: [bench]}
EOF

cat >"$WORK/execute.lua" <<'EOF'
wrk.method = "POST"
EOF

finished_jobs() {
    curl -sf -H "X-API-Key: $KEY" "$BASE/api/stats" | json_get "['jobs']['completed'] + d['jobs']['failed']"
}

ROWS=()
declare -A BARE_RPS
run_bare() {  # run_bare BACKEND CONNS: the bare Pistache server under the same load, right now
    local backend=$1 conns=$2 port pid out
    port=$(free_port)
    "$BARE" --port "$port" --threads "${WORKERS:-1}" >"$WORK/bare.out" 2>&1 &
    pid=$!
    PIDS+=($pid)
    wait_until 10 grep -q '^ready' "$WORK/bare.out" || { cat "$WORK/bare.out" >&2; exit 1; }
    local cpu0; cpu0=$(cpu_ticks "$pid")
    out=$(timeout $((DURATION + 30)) wrk -t2 -c"$conns" -d"${DURATION}s" --timeout 5s --latency -s "$WORK/execute.lua" \
          "http://127.0.0.1:$port/api/execute?context=bench")
    local cpu1; cpu1=$(cpu_ticks "$pid")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    local rps p50 p99 requests cpu_us
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    cpu_us=$(awk -v t=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.0f", n ? t * 1e6 / hz / n : 0 }')
    BARE_RPS[$backend-$conns]=$rps
    ROWS+=("$(printf '%-7s %-8s %4s %10s %9s %9s %7s %10s %8s %7s  %s' "bare" "execute" "$conns" "$rps" "$p50" "$p99" \
                       "-" "-" "$cpu_us" "1.00" "(load $(cut -d' ' -f1 /proc/loadavg))")")
    echo "${ROWS[-1]}"
}

run_wrk() {  # run_wrk BACKEND ENDPOINT CONNS
    local backend=$1 endpoint=$2 conns=$3 url script=() before after out
    if [[ $endpoint == execute ]]; then
        url="$BASE/api/execute?context=bench&key=$KEY"; script=(-s "$WORK/execute.lua")
    else
        url="$BASE/api/jobs?limit=50&key=$KEY"
    fi
    before=$(finished_jobs)
    local cpu0; cpu0=$(cpu_ticks "$SERVER_PID")
    out=$(timeout $((DURATION + 30)) wrk -t2 -c"$conns" -d"${DURATION}s" --timeout 5s --latency "${script[@]}" "$url")
    local cpu1; cpu1=$(cpu_ticks "$SERVER_PID")
    after=$(finished_jobs)
    echo "$out" >"$WORK/$backend-$endpoint-$conns.wrk"
    local rps p50 p99 non2xx errors
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
    errors=$(awk '/Socket errors/ {print $4 $5 $6 $7 $8 $9}' <<<"$out"); errors=${errors:-none}
    # Server CPU time per request: what the load on this shared machine does not change.
    local requests cpu_us
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    cpu_us=$(awk -v t=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.0f", n ? t * 1e6 / hz / n : 0 }')
    local vs_bare=-
    if [[ $endpoint == execute && -n "${BARE_RPS[$backend-$conns]:-}" ]]; then
        vs_bare=$(awk -v r="$rps" -v b="${BARE_RPS[$backend-$conns]}" 'BEGIN { printf "%.2f", b ? r / b : 0 }')
    fi
    ROWS+=("$(printf '%-7s %-8s %4s %10s %9s %9s %7s %10s %8s %7s  %s' "$backend" "$endpoint" "$conns" "$rps" "$p50" "$p99" \
                       "$non2xx" "$((after - before))" "$cpu_us" "$vs_bare" "$errors")")
    echo "${ROWS[-1]}"
}

to_ms() {  # wrk latency (e.g. 812.00us, 1.20ms, 2.01s) -> milliseconds
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

declare -A IDLE_RSS AFTER_RSS RPS P99
for backend in $BACKENDS; do
    REDIS_URL=""
    [[ $backend == redis ]] && start_redis
    extra=(); [[ -n "${WORKERS:-}" ]] && extra=(QBT_RULES_SERVER_WORKERS="$WORKERS")
    start_qbt_rules "$backend" 0.2 30 "${extra[@]}"
    sleep 2
    IDLE_RSS[$backend]=$(rss_kb "$SERVER_PID")
    echo "== $backend: server pid $SERVER_PID, idle RSS ${IDLE_RSS[$backend]} kB"
    for endpoint in $ENDPOINTS; do
        for conns in $CONNS; do
            [[ $endpoint == execute ]] && run_bare "$backend" "$conns"
            run_wrk "$backend" "$endpoint" "$conns"
            RPS[$backend-$endpoint-$conns]=$(awk '/^Requests\/sec/ {print $2}' "$WORK/$backend-$endpoint-$conns.wrk")
            P99[$backend-$endpoint-$conns]=$(to_ms "$(awk '$1 == "99%" {print $2}' "$WORK/$backend-$endpoint-$conns.wrk")")
        done
    done
    AFTER_RSS[$backend]=$(rss_kb "$SERVER_PID")
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
    cp "$WORK/$backend/server.log" "/tmp/qbt-api-bench-$backend-server.log" 2>/dev/null || true
done

echo
echo "date $(date -u +%F) on $(nproc) cores, load average $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; wrk -t2 -d${DURATION}s; server.workers=${WORKERS:-default}"
printf '%-7s %-8s %4s %10s %9s %9s %7s %10s %8s %7s  %s\n' backend endpoint conn 'req/s' p50 p99 non2xx jobs_done cpu_us/rq vs_bare socket_errors
printf '%s\n' "${ROWS[@]}"
for backend in $BACKENDS; do
    echo "$backend RSS: idle ${IDLE_RSS[$backend]} kB, after load ${AFTER_RSS[$backend]} kB"
done
echo
echo "targets (sqlite): execute@64 >= 15000 req/s, execute@4 p99 <= 5 ms, idle RSS <= 15 MB"
if [[ " $BACKENDS " == *" sqlite "* && " $ENDPOINTS " == *" execute "* ]]; then
    [[ -n "${RPS[sqlite-execute-64]:-}" ]] &&
        awk -v r="${RPS[sqlite-execute-64]}" 'BEGIN { printf "  execute@64 req/s: %.0f = %.2f x target\n", r, r / 15000 }'
    [[ -n "${P99[sqlite-execute-4]:-}" ]] &&
        awk -v p="${P99[sqlite-execute-4]}" 'BEGIN { printf "  execute@4 p99:    %.2f ms = %.2f x budget (<= 1 meets)\n", p, p / 5 }'
fi
for backend in $BACKENDS; do
    awk -v k="${IDLE_RSS[$backend]}" -v b="$backend" 'BEGIN { printf "  %s idle RSS: %.1f MB = %.2f x budget (<= 1 meets)\n", b, k / 1024, k / 1024 / 15 }'
done
