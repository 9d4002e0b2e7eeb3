#!/bin/sh
# Prepare a config directory on first start (used by the Docker entrypoint and
# run-server.sh): default config.yml and rules.yml when absent, and a random API key in
# CONFIG_DIR/api_key (mode 0600, as config.yml) unless a key is configured some other way.
#   first-start.sh CONFIG_DIR [SHARE_DIR]
#   first-start.sh --has-config-key CONFIG_DIR   exit 0 when config.yml sets a real key
set -eu

# A real api_key inside the server: section of config.yml (empty, or the placeholder of
# config.default.yml, does not count: the generated api_key file is used instead).
has_config_key() {
    [ -f "$1/config.yml" ] || return 1
    awk '/^[^ #]/ { in_server = ($0 ~ /^server:/) }
         in_server && /^  api_key:/ {
             v = $0; sub(/^  api_key: */, "", v); sub(/ *#.*/, "", v); sub(/ +$/, "", v)
             gsub(/["\047]/, "", v)
             if (v != "" && v != "change-me-to-a-long-random-string") found = 1 }
         END { exit !found }' "$1/config.yml"
}

if [ "${1:-}" = --has-config-key ]; then
    has_config_key "${2:?usage: first-start.sh --has-config-key CONFIG_DIR}"
    exit
fi
config_dir=${1:?usage: first-start.sh CONFIG_DIR [SHARE_DIR]}
share_dir=${2:-$(cd "$(dirname "$0")/../config" && pwd)}
mkdir -p "$config_dir"
created=""
if [ ! -f "$config_dir/config.yml" ]; then
    # The placeholder key line is dropped: the key comes from api_key (below) or env.
    # Mode 0600: config.yml holds the qBittorrent password once edited.
    (umask 077 && grep -v '^  api_key: change-me' "$share_dir/config.default.yml" > "$config_dir/config.yml")
    created="$created config.yml"
fi
if [ ! -f "$config_dir/rules.yml" ]; then
    cp "$share_dir/rules.default.yml" "$config_dir/rules.yml"
    created="$created rules.yml"
fi
key_configured=no
[ -n "${QBT_RULES_SERVER_API_KEY:-}" ] && key_configured=yes
[ -n "${QBT_RULES_SERVER_API_KEY_FILE:-}" ] && key_configured=yes
has_config_key "$config_dir" && key_configured=yes
if [ "$key_configured" = no ] && [ ! -s "$config_dir/api_key" ]; then
    umask 077
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$config_dir/api_key"
    chmod 600 "$config_dir/api_key"
    created="$created api_key"
fi
if [ -n "$created" ]; then
    echo "qbt-rules: first start, created in $config_dir:$created"
    echo "  edit $config_dir/config.yml (qbittorrent: host, username, password) and $config_dir/rules.yml"
    [ -f "$config_dir/api_key" ] && echo "  your API key is in $config_dir/api_key (send it as X-API-Key or ?key=)"
fi
exit 0
