#!/bin/sh
# Builds everything (host, plugins, tests, the qbt-rules binary the tests start as a child)
# with sanitizers and runs the test suite under them. Under asan the test code itself (files
# built with GoogleTest) is compiled without instrumentation, the code under test with it:
# see tests/meson.build.
#
#   scripts/test-sanitizers.sh [asan|tsan] [meson test arguments...]
#
#   asan (default): AddressSanitizer + UndefinedBehaviorSanitizer + LeakSanitizer, the
#                   whole suite, in ${BUILD_DIR:-build-asan}.
#   tsan:           ThreadSanitizer, by default only the tests that run threads (worker,
#                   queue, server, scheduler, ...; see TSAN_TESTS below), in ${BUILD_DIR:-build-tsan}.
#   Test names select tests (only their programs are built); give meson test options that
#   take a value as --option=value.
#
# Every sanitized process (test programs and the `qbt-rules` children they start) writes its
# reports to <build>/sanitizer-reports/report.<pid> (log_path), so a report from a child
# whose log the test throws away is not lost: the script prints every report and fails if
# there is one, even when the tests passed. halt_on_error: the first error ends the process.
#
# Environment: BUILD_DIR, SANITIZER_TIMEOUT_MULTIPLIER (default 6 for asan, 10 for tsan:
# the suite's own timeouts are sized for a plain build; sanitized code runs 2-15x slower),
# NINJA_JOBS (default: ninja's own), SKIP_BUILD=1 to run an existing build as it is,
# SANITIZER_EXCLUDE (tests left out of a whole-suite run, names or shell patterns; default
# docker_layout; CI adds '*_qbt51', see .ci/run),
# ASAN_EXTRA_OPTIONS (appended to ASAN_OPTIONS; e.g. fast_unwind_on_malloc=0 for whole
# allocation stacks through libraries built without frame pointers, at a large speed cost).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)

KIND=asan
case "${1:-}" in
    asan|tsan) KIND=$1; shift ;;
esac

if [ "$KIND" = asan ]; then
    BUILD=${BUILD_DIR:-build-asan}
    SANITIZE=address,undefined
    MULTIPLIER=${SANITIZER_TIMEOUT_MULTIPLIER:-6}
else
    BUILD=${BUILD_DIR:-build-tsan}
    SANITIZE=thread
    MULTIPLIER=${SANITIZER_TIMEOUT_MULTIPLIER:-10}
fi

# b_lundef=false: plugins are shared modules that take the sanitizer runtime from the host
# executable that loads them. buildtype=debug (-O0): with ASan, GCC 12 compiles our
# spdlog/fmt-heavy files about 3x faster at -O0 than at -O2 (28 s vs 92 s for
# host/server/job_handlers.cpp), and the suite mostly waits on real services anyway.
# Benchmarks are not part of the suite.
if [ ! -f "$BUILD/build.ninja" ]; then
    meson setup "$BUILD" -Dbuildtype=debug -Db_sanitize="$SANITIZE" -Db_lundef=false -Dbenchmarks=disabled
else
    # Regenerate first if a meson.build changed, so the test list read below
    # (meson-info/intro-tests.json) includes tests added since the last build.
    ninja -C "$BUILD" build.ninja >/dev/null
fi

# Exported, so every process a test starts (qbt-rules --serve, qbt-rules --validate, the
# demo script's children) runs with the same settings. Non-sanitized programs the tests
# start (qbittorrent-nox, redis-server, curl) ignore them.
SUPP="$ROOT/fuzz"
REPORTS="$ROOT/$BUILD/sanitizer-reports"
case "$BUILD" in /*) REPORTS="$BUILD/sanitizer-reports" ;; esac
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
LOG="log_path=$REPORTS/report"
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$SUPP/ubsan.supp:$LOG"
export UBSAN_OPTIONS
if [ "$KIND" = asan ]; then
    # detect_leaks: a leak is reported when a process exits normally (a test program, or a
    # child server stopped with SIGTERM); fuzz/lsan.supp lists the known leaks of libraries.
    # handle_segv=0: the plugin loader probes plugins in a forked child and reports a crash by
    # its signal (tests/plugin_host loads plugins that raise SIGSEGV on purpose); ASan's own
    # SEGV handler would turn that into an abort. A real SEGV still kills the process and
    # fails its test, only without ASan's stack (memory errors ASan detects are unaffected).
    ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:handle_segv=0:detect_stack_use_after_return=0:check_initialization_order=1:$LOG${ASAN_EXTRA_OPTIONS:+:$ASAN_EXTRA_OPTIONS}"
    LSAN_OPTIONS="suppressions=$SUPP/lsan.supp:print_suppressions=0"
    export ASAN_OPTIONS LSAN_OPTIONS
else
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$SUPP/tsan.supp:$LOG"
    export TSAN_OPTIONS
    if [ $# -eq 0 ]; then
        # The tests whose code runs threads: the worker, queue backends under concurrent
        # use, the HTTP server (Pistache's threads + worker), the scheduler, kill -9 bursts.
        TSAN_TESTS=${TSAN_TESTS:-"server_worker queue_conformance server_api server_unit server_kill9 schedule_cron schedule_config schedule_scheduler schedule_binary metrics_unit metrics_api client webapi preview_bound rules_reload server_execute_committer group_queue group_two_servers"}
        # shellcheck disable=SC2086
        set -- $TSAN_TESTS
    fi
fi
# Build what the selected tests run (the programs and what each test depends on: plugins,
# the qbt-rules binary), or everything when no test is named; `meson test --no-rebuild`.
targets_of_tests() {  # test names -> ninja targets (paths relative to the build dir)
    python3 - "$BUILD" "$@" <<'PY'
import json, os, sys
build, names = sys.argv[1], set(sys.argv[2:])
tests = json.load(open(os.path.join(build, "meson-info", "intro-tests.json")))
targets = {t["id"]: t["filename"] for t in json.load(open(os.path.join(build, "meson-info", "intro-targets.json")))}
out = set()
for test in tests:
    if test["name"] not in names:
        continue
    names.discard(test["name"])
    for path in [test["cmd"][0]] + [f for dep in test["depends"] for f in targets.get(dep, [])]:
        if os.path.abspath(path).startswith(os.path.abspath(build) + os.sep):
            out.add(os.path.relpath(path, build))
if names:
    sys.exit("test-sanitizers: no such test: " + " ".join(sorted(names)))
print("\n".join(sorted(out)))
PY
}
NAMES=""
for arg in "$@"; do
    case "$arg" in -*) ;; *) NAMES="$NAMES $arg" ;; esac
done
# docker_layout checks that the release image's runtime packages provide every library the
# installed binary loads; a sanitized binary needs libasan/libubsan by design. It runs in
# the normal suite; here it is left out, and said so.
EXCLUDE=${SANITIZER_EXCLUDE-docker_layout}
if [ -z "$NAMES" ] && [ -n "$EXCLUDE" ] && [ -f "$BUILD/meson-info/intro-tests.json" ]; then
    NAMES=$(python3 -c 'import fnmatch, json, sys
skip = sys.argv[2].split()
print(" ".join(t["name"] for t in json.load(open(sys.argv[1]))
               if not any(fnmatch.fnmatchcase(t["name"], p) for p in skip)))' \
        "$BUILD/meson-info/intro-tests.json" "$EXCLUDE")
    echo "test-sanitizers: not run under sanitizers (see the script): $EXCLUDE"
    # shellcheck disable=SC2086
    set -- "$@" $NAMES
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    if [ -n "$NAMES" ]; then
        # shellcheck disable=SC2086
        TARGETS=$(targets_of_tests $NAMES)
        # shellcheck disable=SC2086
        ninja -C "$BUILD" ${NINJA_JOBS:+-j "$NINJA_JOBS"} $TARGETS
    else
        ninja -C "$BUILD" ${NINJA_JOBS:+-j "$NINJA_JOBS"}
    fi
fi

echo "test-sanitizers: $KIND ($SANITIZE) in $BUILD, timeout multiplier $MULTIPLIER"
status=0
meson test -C "$BUILD" --no-rebuild --print-errorlogs --timeout-multiplier "$MULTIPLIER" "$@" || status=$?

found=$(find "$REPORTS" -type f | sort)
if [ -n "$found" ]; then
    for report in $found; do
        echo "=== sanitizer report $report (pid ${report##*.}):"
        head -c 20000 "$report"
    done
    echo "test-sanitizers: $(echo "$found" | wc -l) sanitizer report(s), see above" >&2
    [ "$status" -ne 0 ] || status=1
fi
exit "$status"
