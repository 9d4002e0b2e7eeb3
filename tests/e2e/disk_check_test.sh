#!/bin/sh
# Unreadable qbittorrent.path_map roots, as a user meets them (issue 15):
#  --validate       a warning (exit 0) when no rule needs the files; an error (exit 1) naming
#                   the root and each rule that reads a disk fact or deletes files.
#  GET /api/health  a "disk" member: "warning" (200), "error" (503, "disk: ..." in errors)
#                   while a rule needs the unreadable root; "ok" once it is readable. The
#                   rules file is re-read by health, so an edit shows at once.
set -eu
src=${QBT_TEST_SOURCE_ROOT:?run through meson test}
exe=${QBT_RULES_EXE:?run through meson test}
. "$src/tests/e2e/docker_test_lib.sh"
work=$(mktemp -d /tmp/qbt-disk-check-XXXXXX)
server_pid=""
trap 'stop_server; rm -rf "$work"' EXIT INT TERM
export QBT_RULES_PLUGINS_DIRS=$work/no-user-plugins QBT_RULES_CONFIG_DIR=$work
unset QBT_RULES_SERVER_API_KEY QBT_RULES_SERVER_API_KEY_FILE QBT_RULES_SERVER_TRIGGER_KEY 2>/dev/null || true

missing=$work/data/downloads
printf 'qbittorrent:\n  host: http://127.0.0.1:9\n  path_map:\n    /downloads: %s\n' "$missing" > "$work/config.yml"
cat > "$work/tag.yml" <<'YAML'
rules:
  - name: Tag old
    conditions: [{field: info.ratio, operator: '>', value: 2}]
    actions: [{type: add_tag, params: {tags: [old]}}]
YAML
cat > "$work/nohl.yml" <<'YAML'
rules:
  - name: Tag old
    conditions: [{field: info.ratio, operator: '>', value: 2}]
    actions: [{type: add_tag, params: {tags: [old]}}]
  - name: noHL cleanup
    conditions:
      - {field: info.hardlinks, operator: ==, value: none}
    actions: [{type: add_tag, params: {tags: [nohl]}}]
  - name: Remove finished
    conditions: [{field: info.ratio, operator: '>', value: 5}]
    actions: [{type: delete_torrent}]
  - name: Remove but keep files
    conditions: [{field: info.ratio, operator: '>', value: 9}]
    actions: [{type: delete_torrent, params: {delete_files: false}}]
YAML

step "--validate: an unreadable root is a warning while no rule needs it"
run warn --validate "$work/tag.yml"
expect_rc 0 warn
expect_out warn "warning: qbittorrent.path_map of instance 'default': local path $missing is missing"
expect_out warn "tag.yml: OK, 1 rule(s)"

step "--validate: an error naming each rule that needs the files"
run err --validate "$work/nohl.yml"
expect_rc 1 err
expect_out err "error: qbittorrent.path_map of instance 'default': local path $missing is missing"
expect_out err "error: rule 'noHL cleanup' ($work/nohl.yml:"
expect_out err "reads info.hardlinks: needs those files"
expect_out err "rule 'Remove finished' ("
grep -q "Remove but keep files" "$work/err.out" && fail "a delete without files needs no disk: $(cat "$work/err.out")"

step "--validate: a readable root is quiet"
mkdir -p "$missing"
run ok --validate "$work/nohl.yml"
expect_rc 0 ok
grep -q "path_map" "$work/ok.out" && fail "no warning expected: $(cat "$work/ok.out")"
rmdir "$missing"

step "GET /api/health: error (503) while a rule needs the root, warning (200) when none does, ok once readable"
cp "$work/nohl.yml" "$work/rules.yml"
QBT_RULES_SERVER_PORT=$(free_port)
export QBT_RULES_SERVER_PORT
QBT_RULES_SERVER_API_KEY=disk-check-key "$exe" --serve --server-host 127.0.0.1 > "$work/serve.out" 2>&1 &
server_pid=$!
tries=0
while [ "$(http_code /api/health)" = 000 ]; do
    kill -0 "$server_pid" 2>/dev/null || fail "server exited: $(cat "$work/serve.out")"
    tries=$((tries + 1))
    [ $tries -lt 300 ] || fail "no answer within 30 s: $(cat "$work/serve.out")"
    sleep 0.1
done
health() { curl -s -o "$work/health.json" -w '%{http_code}' "http://127.0.0.1:$QBT_RULES_SERVER_PORT/api/health"; }
[ "$(health)" = 503 ] || fail "wanted 503: $(cat "$work/health.json")"
grep -qF '"disk":{"status":"error","unreadable":[{"instance":"default","path":"'"$missing"'","problem":"missing"}]' "$work/health.json" \
    || fail "no disk error: $(cat "$work/health.json")"
grep -qF '"disk: qbittorrent.path_map of instance' "$work/health.json" || fail "no disk entry in errors: $(cat "$work/health.json")"
grep -qF "local path $missing is missing" "$work/serve.out" || fail "no start-up warning: $(cat "$work/serve.out")"
cp "$work/tag.yml" "$work/rules.yml.new" && mv "$work/rules.yml.new" "$work/rules.yml"
[ "$(health)" = 200 ] || fail "wanted 200 once no rule needs the root: $(cat "$work/health.json")"
grep -qF '"disk":{"status":"warning"' "$work/health.json" || fail "no disk warning: $(cat "$work/health.json")"
mkdir -p "$missing"
[ "$(health)" = 200 ] || fail "wanted 200: $(cat "$work/health.json")"
grep -qF '"disk":{"status":"ok","unreadable":[]' "$work/health.json" || fail "disk not ok: $(cat "$work/health.json")"
echo PASS
