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
    # Renumber the image's user so `ps` and `ls -l` show its name; the switch below uses
    # the numbers, so a failure here (read-only /etc) is only a warning.
    if getent passwd "$user" >/dev/null 2>&1; then
        if [ "$(id -u "$user")" != "$puid" ]; then
            usermod -o -u "$puid" "$user" >/dev/null 2>&1 || echo "qbt-rules: warning: cannot renumber user $user to $puid" >&2
        fi
        if [ "$(id -g "$user")" != "$pgid" ]; then
            groupmod -o -g "$pgid" "$(id -gn "$user")" >/dev/null 2>&1 || echo "qbt-rules: warning: cannot renumber group of $user to $pgid" >&2
        fi
    fi
    mkdir -p "$config_dir"
    # The config dir and the files in it (api_key is 0600) must belong to PUID:PGID, also
    # after PUID changed. Read-only mounts (a :ro rules.yml) are left alone.
    find "$config_dir" -maxdepth 1 \( ! -user "$puid" -o ! -group "$pgid" \) \
        -exec chown "$puid:$pgid" {} + 2>/dev/null || echo "qbt-rules: warning: cannot chown everything in $config_dir to $puid:$pgid" >&2
    run_as="setpriv --reuid=$puid --regid=$pgid --clear-groups"
fi

$run_as "$share_dir/first-start.sh" "$config_dir" "$share_dir"
# The generated key, unless one is given by env or written into config.yml since.
if [ -z "${QBT_RULES_SERVER_API_KEY:-}${QBT_RULES_SERVER_API_KEY_FILE:-}" ] && [ -s "$config_dir/api_key" ] &&
   ! "$share_dir/first-start.sh" --has-config-key "$config_dir"; then
    export QBT_RULES_SERVER_API_KEY_FILE="$config_dir/api_key"
fi
[ $# -gt 0 ] || set -- --serve
exec $run_as "$exe" --config-dir "$config_dir" "$@"
