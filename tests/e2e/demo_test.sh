#!/bin/sh
# e2e_demo: `scripts/demo.sh --once` on the current build exits 0, prints both summaries
# with the numbers the default rules must produce on its 40 samples, and leaves no
# process and no temporary directory behind.
#   demo_test.sh SOURCE_ROOT BUILD_ROOT
set -u
source_root=${1:?usage: demo_test.sh SOURCE_ROOT BUILD_ROOT}
build_root=${2:?usage: demo_test.sh SOURCE_ROOT BUILD_ROOT}
out=$(mktemp "${TMPDIR:-/tmp}/qbt-demo-test.XXXXXX")
trap 'rm -f "$out"' EXIT

fail() {
    echo "FAIL: $1"
    echo "---- demo output ----"
    cat "$out"
    exit 1
}

BUILD_DIR=$build_root "$source_root/scripts/demo.sh" --once --no-build >"$out" 2>&1
status=$?
[ "$status" -eq 0 ] || fail "demo.sh --once exited with $status"

expect() {  # a line of the output must match this extended regular expression
    grep -Eq "$1" "$out" || fail "no line matching: $1"
}
expect '^Dry run summary:$'
expect '^Real run summary:$'
# 40 samples, every one small and freshly completed (rules "Tag small torrents" and
# "Mark finished downloads"), 4 renamed to Linux image names (set_category).
expect '^   torrents: 40, matched by a rule: 40, '
expect '^   actions executed: 0, skipped: [0-9]+, errors: 0$'
expect '^   would add_tag \{"tags": \["small"\]\} on 40 torrent\(s\)'
expect '^   would set_category \{"category": "linux-isos"\} on 4 torrent\(s\)'
expect '^   actions executed: 84, skipped: [0-9]+, errors: 0$'
expect 'category=linux-isos +tags=.*small'
expect '^== Done \(--once\)$'
expect '^== Demo stopped'

# Nothing it started may survive it: its pids are gone and nothing runs from its directory.
pids=$(sed -n 's/^   started: lab pid \([0-9]*\), server pid \([0-9]*\), files in \(.*\)$/\1 \2/p' "$out")
work=$(sed -n 's/^   started: lab pid [0-9]*, server pid [0-9]*, files in \(.*\)$/\1/p' "$out")
profile=$(sed -n 's/^   qBittorrent profile: //p' "$out")
if [ -z "$pids" ] || [ -z "$work" ] || [ -z "$profile" ]; then fail "the demo did not print its pids and directories"; fi
for pid in $pids; do
    if kill -0 "$pid" 2>/dev/null; then fail "process $pid is still running"; fi
done
[ ! -e "$work" ] || fail "$work was not removed"
for dir in "$work" "$profile"; do
    if pgrep -f -- "$dir" >/dev/null; then fail "a process still uses $dir"; fi
done
[ ! -e "$profile" ] || fail "the qBittorrent profile $profile was not removed"
echo "ok: demo.sh --once ran, summarised both jobs and cleaned up"
