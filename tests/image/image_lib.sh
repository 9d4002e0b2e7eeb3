# Shell helpers for tests/image/image_checks.sh (sourced, POSIX sh): start a built image's
# own filesystem the way a container engine would, without one (podman run cannot set its
# rlimits in this sandbox). The image's Entrypoint/Cmd/Env/User/WorkingDir and Healthcheck
# come from `podman image inspect` (image_config); a "container" is a writable copy of the
# image's root, run in a private mount + PID namespace with chroot, so the entrypoint is
# PID 1; the caller's network namespace is the container's (image-check.sh makes a private
# one with only loopback).
# Uses step and fail of tests/e2e/docker_test_lib.sh (sourced first).

# Shell assignments cfg_env (one NAME=value a line), cfg_entrypoint, cfg_cmd (NUL-free,
# shell-quoted words), cfg_user, cfg_workdir, cfg_health (the CMD-SHELL command),
# cfg_volumes, cfg_ports from `podman image inspect IMAGE`.
image_config() {
    podman image inspect "$1" | python3 -c '
import json, shlex, sys
image = json.load(sys.stdin)[0]
config = image.get("Config") or {}
def words(value): return " ".join(shlex.quote(w) for w in (value or []))
health = (image.get("HealthCheck") or image.get("Healthcheck") or config.get("Healthcheck") or {}).get("Test") or []
if health[:1] == ["CMD-SHELL"]: health = health[1]
elif health[:1] == ["CMD"]: health = words(health[1:])
else: health = ""
print("cfg_env=" + shlex.quote("\n".join(config.get("Env") or [])))
print("cfg_entrypoint=" + shlex.quote(words(config.get("Entrypoint"))))
print("cfg_cmd=" + shlex.quote(words(config.get("Cmd"))))
print("cfg_user=" + shlex.quote(config.get("User") or ""))
print("cfg_workdir=" + shlex.quote(config.get("WorkingDir") or "/"))
print("cfg_health=" + shlex.quote(health))
print("cfg_volumes=" + shlex.quote(" ".join(sorted(config.get("Volumes") or {}))))
print("cfg_ports=" + shlex.quote(" ".join(sorted(config.get("ExposedPorts") or {}))))
'
}

# new_container IMAGE DIR: a writable copy of the image's root in DIR (a container's layer).
new_container() {
    rm -rf "$2"
    mounted=$(podman image mount "$1") || fail "podman image mount $1 failed"
    cp -a "$mounted" "$2"
    podman image unmount "$1" >/dev/null
}

# start_container ROOT CONFIG_DIR PLUGINS_DIR LOG [NAME=value...]: runs the image's
# Entrypoint + Cmd (Env from the image, then the given overrides, as `-e` does) in the
# background, CONFIG_DIR and PLUGINS_DIR bind-mounted at /config and /plugins; sets
# container_pid (the unshare process) and pid1 (the entrypoint: PID 1 inside).
start_container() {
    root=$1 config_dir=$2 plugins_dir=$3 log=$4
    shift 4
    env_file=$root.env
    printf '%s\n' "$cfg_env" > "$env_file"
    # What an engine adds when the image does not set it.
    grep -q '^PATH=' "$env_file" || echo "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" >> "$env_file"
    grep -q '^HOSTNAME=' "$env_file" || echo "HOSTNAME=qbt-rules-check" >> "$env_file"
    grep -q '^HOME=' "$env_file" || echo "HOME=/root" >> "$env_file"
    for assignment in "$@"; do echo "$assignment" >> "$env_file"; done
    userspec=""
    [ -z "$cfg_user" ] || userspec="--userspec=$cfg_user"
    # shellcheck disable=SC2086
    eval "set -- $cfg_entrypoint $cfg_cmd"
    unshare --mount --pid --fork --propagation private sh -c '
        root=$1 config_dir=$2 plugins_dir=$3 env_file=$4 workdir=$5 userspec=$6
        shift 6
        mount --bind "$config_dir" "$root/config"
        mount --bind "$plugins_dir" "$root/plugins"
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
        # env -i: nothing of this shell leaks in; then the image Env and the overrides.
        exec chroot $userspec "$root" /usr/bin/env -i -C "$workdir" $(cat "$env_file") "$@"
    ' sh "$root" "$config_dir" "$plugins_dir" "$env_file" "$cfg_workdir" "$userspec" "$@" > "$log" 2>&1 &
    container_pid=$!
    pid1=""
    tries=50
    while [ -z "$pid1" ] && [ "$tries" -gt 0 ]; do
        pid1=$(cat "/proc/$container_pid/task/$container_pid/children" 2>/dev/null | awk '{print $1}')
        [ -n "$pid1" ] || { tries=$((tries - 1)); sleep 0.1; }
    done
    [ -n "$pid1" ] || fail "the container did not start: $(cat "$log")"
}

# in_container CMD...: runs CMD in the running container (its root, mounts, PID namespace,
# the image Env), as `docker exec` does; HEALTHCHECK's command runs this way.
in_container() {
    # shellcheck disable=SC2046
    nsenter -t "$pid1" -m -p -r -w /usr/bin/env -i $(cat "$root.env") "$@"
}

# Seconds (two decimals) since the `date +%s.%N` value $1.
since() { awk -v t0="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.2f", now - t0 }'; }

# Waits up to $2 seconds for the shell command $1 to succeed.
wait_for() {
    tries=$(( $2 * 5 ))
    while [ "$tries" -gt 0 ]; do
        if eval "$1"; then return 0; fi
        tries=$((tries - 1))
        sleep 0.2
    done
    return 1
}

# stop_container [SECONDS]: SIGTERM to PID 1 (as `docker stop`); sets stop_seconds to the
# time it took and fails when PID 1 is still there after SECONDS (default 10).
stop_container() {
    [ -n "${container_pid:-}" ] || return 0
    t0=$(date +%s.%N)
    kill -TERM "$pid1" 2>/dev/null || true
    if wait_for '! kill -0 "$container_pid" 2>/dev/null' "${1:-10}"; then
        wait "$container_pid" 2>/dev/null || true
        container_pid=""
        stop_seconds=$(since "$t0")
        return 0
    fi
    kill -KILL "$container_pid" "$pid1" 2>/dev/null || true
    container_pid=""
    fail "PID 1 did not stop within ${1:-10} s of SIGTERM"
}
