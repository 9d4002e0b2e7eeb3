#!/bin/sh
# The real binary's one-shot modes, as a user runs them:
#  --validate FILE   exit 0 + "OK" on the shipped rules; exit 1 with every error as
#                    file:line:col (one per class); a missing file or broken YAML: a clear
#                    message and a non-zero exit, never a crash.
#  --validate        (no file) the configuration too: a good one passes quietly; a bad one
#                    gives one line per finding naming the key and its source, exit 1,
#                    no secret printed.
#  --show-config     secrets from env, *_FILE, config.yml and URLs are never printed; each
#                    instance's version line says why it is unknown when unreachable.
#  --trace           log lines gain the thread (and a source location where one is known),
#                    never an empty "(:)".
#  --webhook-line    the two hook lines with hash=%K and the trigger key (not the API key).
#  --serve           without a key or with the placeholder: refuses with a clear message
#                    and exit status 2 (no crash a restart policy would loop on).
set -eu
src=${QBT_TEST_SOURCE_ROOT:?run through meson test}
exe=${QBT_RULES_EXE:?run through meson test}
. "$src/tests/e2e/docker_test_lib.sh"
work=$(mktemp -d /tmp/qbt-validate-XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
export QBT_RULES_PLUGINS_DIRS=$work/no-user-plugins QBT_RULES_CONFIG_DIR=$work
unset QBT_RULES_SERVER_API_KEY QBT_RULES_SERVER_API_KEY_FILE QBT_RULES_SERVER_TRIGGER_KEY 2>/dev/null || true

step "--validate on the shipped rules"
run ok --validate "$src/config/rules.default.yml"
expect_rc 0 ok
expect_out ok "rules.default.yml: OK, "

step "--validate on the shipped rules with their commented protect: example switched on"
sed -e 's/^# protect:/protect:/' -e 's/^#   /  /' "$src/config/rules.default.yml" >"$work/protect.yml"
run protect --validate "$work/protect.yml"
expect_rc 0 protect
expect_out protect "protect.yml:61:3: protect: 6 condition(s); a torrent they match is never removed or moved"

step "--validate reports every error with file:line:col"
bad=$src/tests/e2e/validate_data/many_errors.yml
run bad --validate "$bad"
expect_rc 1 bad
expect_out bad "$bad:11:17: in refs.conditions.loop-b: ref cycle"
expect_out bad "$bad:15:16: rule 'Unknown namespace': unknown field namespace 'bogus'"
expect_out bad "$bad:23:19: rule 'Unknown operator': unknown operator 'sounds_like'"
expect_out bad "$bad:31:16: rule 'Bad regex': operator 'matches': invalid regular expression"
expect_out bad "$bad:38:16: rule 'Bad size': operator 'larger_than': the string '12 parsecs' is not a size"
expect_out bad "$bad:47:15: rule 'Unknown action': unknown action 'explode'"
expect_out bad "$bad:54:9: rule 'Unknown param': action 'add_tag': unknown param 'colour'"
expect_out bad "$bad:60:16: rule 'Unknown var': unknown var 'max_ratio'"
expect_out bad "$bad:68:11: rule 'Unknown action': duplicate rule name"
expect_out bad "$bad: 9 error(s)"
refuse_out bad "OK"

step "--validate on a missing file and on broken YAML"
run missing --validate "$work/nope.yml"
[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] || fail "missing file: exit status $rc"
expect_out missing "$work/nope.yml: cannot read the rules file: No such file or directory"
printf 'rules:\n  - name: a\n    conditions: [\n' > "$work/broken.yml"
run broken --validate "$work/broken.yml"
[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] || fail "broken YAML: exit status $rc"
grep -Eq "^$work/broken.yml:[0-9]+:[0-9]+: " "$work/broken.out" || fail "broken YAML: no file:line:col: $(cat "$work/broken.out")"

step "--show-config hides secrets"
printf 'top-secret-from-file-5\n' > "$work/trigger_key"
printf 'qbittorrent:\n  password: yaml-password-6\nplugins:\n  config:\n    notify: {token: plugin-token-7, url: "http://127.0.0.1:9/x"}\n' > "$work/config.yml"
QBT_RULES_SERVER_API_KEY=env-api-key-1 QBT_RULES_SERVER_TRIGGER_KEY_FILE=$work/trigger_key \
QBT_RULES_QUEUE_REDIS_URL=redis://:redis-password-2@127.0.0.1:6379/0 QBT_RULES_CLIENT_API_KEY=client-key-3 \
QBT_RULES_QBITTORRENT_BASIC_AUTH_PASSWORD=basic-auth-4 QBT_RULES_QBITTORRENT_HOST=http://127.0.0.1:9 run show --show-config
expect_rc 0 show
for secret in env-api-key-1 redis-password-2 client-key-3 basic-auth-4 top-secret-from-file-5 yaml-password-6 plugin-token-7; do
    refuse_out show "$secret"
done
expect_out show "server.api_key = ***"
expect_out show "redis://:***@127.0.0.1:6379/0"
expect_out show "qbittorrent.password = ***"
expect_out show "qbittorrent[default] version = unknown (cannot reach qBittorrent at http://127.0.0.1:9"
rm "$work/config.yml"

step "--webhook-line"
QBT_RULES_SERVER_API_KEY=the-full-api-key QBT_RULES_SERVER_TRIGGER_KEY='trig key/9' \
QBT_RULES_CLIENT_SERVER_URL=http://127.0.0.1:5000/ run hook --webhook-line
expect_rc 0 hook
expect_out hook '/usr/bin/curl -s -X POST "http://127.0.0.1:5000/api/execute?context=torrent-imported&hash=%K&key=trig%20key%2F9"'
expect_out hook '/usr/bin/curl -s -X POST "http://127.0.0.1:5000/api/execute?context=download-finished&hash=%K&key=trig%20key%2F9"'
refuse_out hook "the-full-api-key"
QBT_RULES_SERVER_API_KEY=the-full-api-key run hook_api --webhook-line
expect_rc 0 hook_api
expect_out hook_api "hash=%K&key=the-full-api-key"
expect_out hook_api "Warning: this uses the full API key"

step "--validate without a file: a good configuration"
cp "$src/config/rules.default.yml" "$work/rules.yml"
mkdir "$work/no-user-plugins"
printf 'qbt-password-from-file-8\n' > "$work/qbt_password"
printf 'qbittorrent:\n  host: https://127.0.0.1:8443/qbt\n  username: admin\n' > "$work/config.yml"
QBT_RULES_SERVER_API_KEY=a-long-enough-api-key-0123456789 QBT_RULES_QBITTORRENT_PASSWORD_FILE=$work/qbt_password \
    run goodcfg --validate
expect_rc 0 goodcfg
expect_out goodcfg "$work/config.yml: OK, 1 qBittorrent instance(s)"
expect_out goodcfg "$work/rules.yml: OK, "
refuse_out goodcfg "error:"
refuse_out goodcfg "warning:"
refuse_out goodcfg "qbt-password-from-file-8"

step "--validate without a file: every problem named by its key, secrets never printed"
printf 'qbittorrent:\n  host: ftp://user:url-secret-9@127.0.0.1:99999/\n  username: ""\nqueue:\n  backend: mongo\nrules:\n  file: %s/missing-rules.yml\n' \
    "$work" > "$work/config.yml"
QBT_RULES_SERVER_API_KEY=short-key-7 QBT_RULES_PLUGINS_DIRS=$work/no-such-dir run badcfg --validate
expect_rc 1 badcfg
expect_out badcfg "error: qbittorrent.host ($work/config.yml:2): 'ftp://127.0.0.1:99999/' scheme 'ftp' is not http or https"
expect_out badcfg "error: qbittorrent.username ($work/config.yml:3): is not set"
expect_out badcfg "warning: qbittorrent.password (default): is not set"
expect_out badcfg "warning: server.api_key (env QBT_RULES_SERVER_API_KEY): is short (11 characters)"
expect_out badcfg "error: queue.backend ($work/config.yml:5): 'mongo' is not provided by any loaded plugin (loaded: "
expect_out badcfg "warning: plugins.dirs (env QBT_RULES_PLUGINS_DIRS): '$work/no-such-dir' does not exist"
expect_out badcfg "error: rules.file ($work/config.yml:7): '$work/missing-rules.yml' cannot be read (no such file)"
expect_out badcfg "$work/config.yml: 4 configuration error(s), 3 warning(s)"
refuse_out badcfg "url-secret-9"
refuse_out badcfg "short-key-7"
printf 'qbittorrent:\n  host: http://127.0.0.1:0\n  username: admin\n  password: pw\n' > "$work/config.yml"
run nokeycfg --validate
expect_rc 1 nokeycfg
expect_out nokeycfg "error: qbittorrent.host ($work/config.yml:2): 'http://127.0.0.1:0' port 0 is not in 1-65535"
expect_out nokeycfg "error: server.api_key (default): is not set: the server refuses to start"
rm -r "$work/config.yml" "$work/rules.yml" "$work/no-user-plugins"

step "--trace (0.6's trace mode): the log line format, every level, the thread"
QBT_RULES_QBITTORRENT_HOTS=typo run plain --validate "$src/config/rules.default.yml"
expect_rc 0 plain
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} warning \[qbt-rules\] configuration: .*QBT_RULES_QBITTORRENT_HOTS' \
    "$work/plain.out" || fail "plain: no warning line in the normal format: $(cat "$work/plain.out")"
refuse_out plain "[thread "
QBT_RULES_QBITTORRENT_HOTS=typo run traced --validate "$src/config/rules.default.yml" --trace
expect_rc 0 traced
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} warning \[qbt-rules\] \[thread [0-9]+\] configuration: .*QBT_RULES_QBITTORRENT_HOTS' \
    "$work/traced.out" || fail "traced: no warning line in the trace format: $(cat "$work/traced.out")"
refuse_out traced "(:)"

step "--serve refuses without a real key"
run nokey --serve --server-host 127.0.0.1 --server-port "$(free_port)"
expect_rc 2 nokey
expect_out nokey "refusing to start: no API key is configured"
QBT_RULES_SERVER_API_KEY=change-me-to-a-long-random-string run placeholder --serve --server-host 127.0.0.1 --server-port "$(free_port)"
expect_rc 2 placeholder
expect_out placeholder "refusing to start: the API key is still the placeholder"
QBT_RULES_SERVER_PORT=99999 QBT_RULES_SERVER_API_KEY=k run badport --serve
expect_rc 2 badport
expect_out badport "configuration errors"
expect_out badport "99999"
echo PASS
