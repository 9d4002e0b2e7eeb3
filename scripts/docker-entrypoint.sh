#!/bin/sh
# Container entrypoint (also run by CI outside Docker, with paths from the env):
# honour PUID/PGID for files in /config (the linuxserver convention), write defaults and
# an API key on first start, then run qbt-rules as the unprivileged user.
set -eu
config_dir=${QBT_RULES_CONFIG_DIR:-/config}
share_dir=${QBT_RULES_SHARE_DIR:-/usr/share/qbt-rules}
exe=${QBT_RULES_EXE:-/usr/bin/qbt-rules}
user=${QBT_RULES_USER:-qbt}
export QBT_RULES_CONFIG_DIR="$config_dir"

run_as=""
if [ "$(id -u)" = 0 ]; then
    puid=${PUID:-1000}
    pgid=${PGID:-1000}
    if getent passwd "$user" >/dev/null 2>&1; then
        [ "$(id -u "$user")" = "$puid" ] || usermod -o -u "$puid" "$user" >/dev/null
        [ "$(id -g "$user")" = "$pgid" ] || groupmod -o -g "$pgid" "$(id -gn "$user")" >/dev/null
    fi
    mkdir -p "$config_dir"
    chown "$puid:$pgid" "$config_dir"
    run_as="setpriv --reuid=$puid --regid=$pgid --clear-groups"
fi

$run_as "$share_dir/first-start.sh" "$config_dir" "$share_dir"
if [ -z "${QBT_RULES_SERVER_API_KEY:-}${QBT_RULES_SERVER_API_KEY_FILE:-}" ] && [ -s "$config_dir/api_key" ]; then
    export QBT_RULES_SERVER_API_KEY_FILE="$config_dir/api_key"
fi
[ $# -gt 0 ] || set -- --serve
exec $run_as "$exe" --config-dir "$config_dir" "$@"
