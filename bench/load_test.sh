#!/usr/bin/env bash
# Load test (issue 7, "Load"): the real `qbt-rules --serve` under wrk at 64 connections for
# 60 s on POST /api/execute, then on GET /api/jobs, with the SQLite queue and then Redis,
# its worker running the queued jobs against a qbittorrent-nox started by qbt-lab.
#
#   bench/load_test.sh [BUILD_DIR]     (default ./build; a release build is the meaningful one)
#   env: DURATION=60  CONNS=64  BACKENDS="sqlite redis"  TORRENTS=20  DRAIN_TIMEOUT=7200
#
# Prints for each backend and endpoint: requests, non-2xx (expected 0: the server answers
# 202/200 to every well-formed request; it has no 429/503 on these two endpoints unless its
# queue is down), socket errors, and the server's RSS and open fds before, right after the
# runs, and after the worker drained the queue (or DRAIN_TIMEOUT passed), with the drain's
# rate (jobs/s) and time. Then checks: every accepted job was stored (wrk does not count the
# up to CONNS requests in flight when it stops) and ran to its end (completed or failed), no fd growth after the load, memory flat (after draining, RSS within 10 %
# or 8 MiB of the value right after the load).
# Everything listens on 127.0.0.1 and is killed on exit. Exit status 0 = all checks passed.
set -euo pipefail

BUILD=${1:-build}
DURATION=${DURATION:-60}
CONNS=${CONNS:-64}
BACKENDS=${BACKENDS:-"sqlite redis"}
TORRENTS=${TORRENTS:-20}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-7200}  # the full run queued 430,000-480,000 jobs: 39-55 min of draining
EXE="$BUILD/host/qbt-rules"
LAB="$BUILD/tests/harness/qbt-lab"
KEY="load-test-api-key-0123456789abcdef01234567"

for tool in wrk curl python3 redis-server redis-cli; do
    command -v "$tool" >/dev/null || { echo "load_test: $tool is not installed" >&2; exit 2; }
done
[[ -x "$EXE" && -x "$LAB" ]] || { echo "load_test: build $EXE and $LAB first (ninja -C $BUILD)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/qbt-load-test.XXXXXX)
PIDS=()
# shellcheck source=bench_lib.bash
. "$(dirname "$0")/bench_lib.bash"

# --- qBittorrent lab
start_lab "$LAB" "$TORRENTS" 180

# Each job: one torrents/info of the lab's torrents and a tag where it is missing (the
# first job tags, the others find nothing to do), so the worker drains the queue quickly.
cat >"$WORK/rules.yml" <<'EOF'
rules:
  - name: Tag load-test torrents
    context: load
    conditions:
      - field: info.size
        operator: '>='
        value: 0
    actions:
      - type: add_tag
        params: {tags: [load]}
EOF
echo 'wrk.method = "POST"' >"$WORK/execute.lua"

stats() { curl -sf -H "X-API-Key: $KEY" "$BASE/api/stats"; }
jobs_field() { stats | json_get "['jobs']['$1']"; }
unfinished() { stats | json_get "['jobs']['pending'] + d['jobs']['processing']"; }

probe() {  # probe LABEL: one line of RSS and fds
    printf '  %-22s RSS %7.1f MiB   fds %4d\n' "$1" "$(awk -v k="$(rss_kb "$SERVER_PID")" 'BEGIN{print k/1024}')" \
        "$(fd_count "$SERVER_PID")"
}

FAILURES=()
run_wrk() {  # run_wrk BACKEND ENDPOINT -> ACCEPTED (2xx count)
    local backend=$1 endpoint=$2 url script=() out
    if [[ $endpoint == execute ]]; then
        url="$BASE/api/execute?context=load&key=$KEY"; script=(-s "$WORK/execute.lua")
    else
        url="$BASE/api/jobs?limit=50&key=$KEY"
    fi
    out=$(timeout $((DURATION + 60)) wrk -t2 -c"$CONNS" -d"${DURATION}s" --timeout 10s "${script[@]}" "$url")
    echo "$out" >"$WORK/$backend-$endpoint.wrk"
    local requests non2xx errors rps
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
    errors=$(awk '/Socket errors/ {sub(/.*Socket errors: /, ""); print}' <<<"$out"); errors=${errors:-none}
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    printf '  %-8s %d conns %ds: %s requests (%s req/s), non-2xx %s, socket errors: %s\n' \
        "$endpoint" "$CONNS" "$DURATION" "$requests" "$rps" "$non2xx" "$errors"
    (( non2xx == 0 )) || FAILURES+=("$backend $endpoint: $non2xx non-2xx responses")
    ACCEPTED=$((requests - non2xx))
}

for backend in $BACKENDS; do
    REDIS_URL=""
    [[ $backend == redis ]] && start_redis
    start_qbt_rules "$backend" 0.05 60
    sleep 3
    echo "== $backend (server pid $SERVER_PID; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
    total0=$(jobs_field total); finished0=$(( $(jobs_field completed) + $(jobs_field failed) ))
    rss0=$(rss_kb "$SERVER_PID"); fds0=$(fd_count "$SERVER_PID")
    probe "before"
    run_wrk "$backend" execute; accepted=$ACCEPTED
    probe "after execute"
    run_wrk "$backend" jobs
    sleep 2
    rss1=$(rss_kb "$SERVER_PID"); fds1=$(fd_count "$SERVER_PID")
    probe "after both runs"
    left=$(unfinished); echo "  queue: $left jobs to run"
    drain_start=$SECONDS; last_report=$SECONDS
    while (( $(unfinished) > 0 )); do
        if (( SECONDS - drain_start > DRAIN_TIMEOUT )); then
            FAILURES+=("$backend: queue not drained after ${DRAIN_TIMEOUT} s ($(unfinished) left)"); break
        fi
        if (( SECONDS - last_report >= 60 )); then
            echo "  draining: $(unfinished) left after $((SECONDS - drain_start)) s"; last_report=$SECONDS
        fi
        # Not more often: each /api/stats call reads the queue (on Redis its average run time
        # intersects the completed set, ~0.6 s at 200,000 jobs, Redis busy meanwhile).
        sleep 10
    done
    drain_s=$((SECONDS - drain_start)); drained=$((left - $(unfinished)))
    drain_rate=$(awk -v n="$drained" -v s="$drain_s" 'BEGIN { printf "%.1f", (s > 0 ? n / s : n) }')
    echo "  drain: $drained jobs in ${drain_s} s = ${drain_rate} jobs/s ($(unfinished) left)"
    sleep 5  # let the worker go idle (it trims the heap after each job)
    rss2=$(rss_kb "$SERVER_PID"); fds2=$(fd_count "$SERVER_PID")
    probe "after draining"
    total=$(jobs_field total); completed=$(jobs_field completed); failed=$(jobs_field failed)
    echo "  worker ran $drained of $left queued jobs in ${drain_s} s; jobs accepted $accepted, stored $((total - total0)), completed $completed, failed $failed"
    # wrk stops with up to CONNS requests in flight: the server stored those, wrk did not count them.
    (( total - total0 >= accepted && total - total0 <= accepted + CONNS )) ||
        FAILURES+=("$backend: accepted $accepted jobs but $((total - total0)) were stored")
    # The full drain: every stored job ran to its end (completed or failed, none left behind).
    (( completed + failed - finished0 == total - total0 )) ||
        FAILURES+=("$backend: $((total - total0)) jobs stored but $((completed + failed - finished0)) ran to the end")
    # The first jobs open the server's pools (qBittorrent connections, SQLite readers): fds
    # before the load are lower for that reason; growth is measured from right after the load.
    (( fds2 <= fds1 + 2 )) || FAILURES+=("$backend: open fds grew from $fds1 after the load to $fds2")
    awk -v a="$rss1" -v b="$rss2" 'BEGIN { exit !(b <= a + (a / 10 > 8192 ? a / 10 : 8192)) }' ||
        FAILURES+=("$backend: RSS grew after draining ($rss1 -> $rss2 kB)")
    echo "  summary: RSS ${rss0} -> ${rss1} -> ${rss2} kB, fds ${fds0} -> ${fds1} -> ${fds2}"
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
    cp "$WORK/$backend/server.log" "/tmp/qbt-load-test-$backend-server.log" 2>/dev/null || true
done

if (( ${#FAILURES[@]} )); then
    printf 'FAILED: %s\n' "${FAILURES[@]}"
    exit 1
fi
echo "all checks passed"
