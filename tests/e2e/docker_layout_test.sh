#!/bin/sh
# The image's layout and entrypoint, proven outside Docker:
#  1. scripts/docker-build.sh's release configuration plans the layout the Dockerfile
#     relies on (/usr/bin/qbt-rules, plugins where the binary looks, SDK, pkg-config,
#     /usr/share/qbt-rules/*). With QBT_TEST_DOCKER_FULL=1 the script's whole release build
#     is run and installed (slow: ~10+ min on 2 busy cores); otherwise the already built
#     test build is installed with `meson install --destdir` and checked the same way.
#  2. The installed SDK works: pkg-config gives its include dir; an example plugin
#     compiles against it.
#  3. The installed entrypoint, as the image runs it (root switching to PUID:PGID): first
#     start writes config.yml, rules.yml and api_key (0600, owned by PUID), says where the
#     key is, the server answers /api/health and accepts the key (and nothing else); later
#     starts keep the key, survive a PUID change, and prefer a key put into config.yml.
set -eu
src=${QBT_TEST_SOURCE_ROOT:?run through meson test}
build=${QBT_TEST_BUILD_ROOT:?run through meson test}
. "$src/tests/e2e/docker_test_lib.sh"

work=$(mktemp -d /tmp/qbt-docker-layout-XXXXXX)
chmod 755 "$work"  # PUID must reach the config dir and the installed files below it
destdir=$work/destdir
server_pid=""
test_user=""
cleanup() {
    stop_server
    if [ -n "$test_user" ]; then userdel "$test_user" 2>/dev/null || true; groupdel "$test_user" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# --- 1. the release layout -------------------------------------------------------------
step "release configuration of scripts/docker-build.sh"
if [ "${QBT_TEST_DOCKER_FULL:-0}" = 1 ]; then
    installed_from=$build/docker-release
    t0=$(date +%s)
    "$src/scripts/docker-build.sh" "$destdir" "$installed_from" > "$work/docker-build.log" 2>&1 ||
        fail "docker-build.sh failed: $(tail -20 "$work/docker-build.log")"
    echo "docker-build.sh (full release build + install): $(( $(date +%s) - t0 )) s"
    [ -d "$destdir/plugins" ] && [ -d "$destdir/config" ] || fail "no /plugins and /config mount points in DESTDIR"
else
    # Kept under the build dir: the first run configures (slow on a busy machine), later
    # runs only regenerate when a meson.build changed.
    plan=$build/docker-release
    QBT_DOCKER_BUILD_CONFIGURE_ONLY=1 "$src/scripts/docker-build.sh" "$destdir" "$plan" > "$work/setup.log" 2>&1 ||
        fail "docker-build.sh (configure only) failed: $(tail -20 "$work/setup.log")"
    [ ! -e "$destdir" ] || fail "configure-only mode installed something"
    ninja -C "$plan" build.ninja > "$work/regenerate.log" 2>&1 || fail "cannot regenerate $plan: $(tail -20 "$work/regenerate.log")"
    eval "$(build_options "$plan")"
    [ "$opt_buildtype" = release ] || fail "docker build is not a release build"
    [ "$opt_tests" = False ] || fail "docker build builds the tests"
    [ "$opt_prefix" = /usr ] || fail "docker build's prefix is $opt_prefix"
    libdir=$opt_libdir
    cp "$plan/meson-info/intro-installed.json" "$work/plan.json"
    for path in /usr/bin/qbt-rules "/usr/$libdir/qbt-rules/plugins/qbt_queue_sqlite.so" \
                "/usr/$libdir/qbt-rules/plugins/qbt_core_operators.so" "/usr/$libdir/qbt-rules/plugins/qbt_core_actions.so" \
                /usr/include/qbt "/usr/$libdir/pkgconfig/qbt-rules-sdk.pc" /usr/share/qbt-rules/config.default.yml \
                /usr/share/qbt-rules/rules.default.yml /usr/share/qbt-rules/first-start.sh \
                /usr/share/qbt-rules/docker-entrypoint.sh; do
        grep -q "\"$path\"" "$work/plan.json" || fail "the release build does not install $path"
    done
    grep -q "QBT_RULES_PLUGIN_INSTALL_DIR \"/usr/$libdir/qbt-rules/plugins\"" "$plan/qbt_build_config.h" ||
        fail "the release binary looks for plugins elsewhere: $(grep PLUGIN_INSTALL_DIR "$plan/qbt_build_config.h")"
    grep -q '/usr/share/qbt-rules/docker-entrypoint.sh' "$src/Dockerfile" || fail "Dockerfile ENTRYPOINT moved"
    installed_from=$build
    meson install -C "$build" --destdir "$destdir" --no-rebuild --quiet > "$work/install.log" 2>&1 ||
        fail "meson install failed: $(tail -20 "$work/install.log")"
fi

step "installed files"
eval "$(build_options "$installed_from")"
prefix=$opt_prefix libdir=$opt_libdir datadir=$opt_datadir
root=$destdir$prefix
plugin_dir=$root/$libdir/qbt-rules/plugins
share=$root/$datadir/qbt-rules
exe=$root/bin/qbt-rules
[ -x "$exe" ] || fail "no executable $exe"
for p in qbt_queue_sqlite qbt_core_operators qbt_core_actions; do
    [ -f "$plugin_dir/$p.so" ] || fail "built-in plugin $p.so not in $plugin_dir"
done
grep -q "QBT_RULES_PLUGIN_INSTALL_DIR \"$prefix/$libdir/qbt-rules/plugins\"" "$installed_from/qbt_build_config.h" ||
    fail "the installed binary looks for its plugins elsewhere than $prefix/$libdir/qbt-rules/plugins"
for h in qbt.h host.h action.h condition.h queue_backend.h cpp/plugin.hpp; do
    [ -f "$root/include/qbt/$h" ] || fail "SDK header qbt/$h not installed"
done
for f in config.default.yml rules.default.yml; do [ -f "$share/$f" ] || fail "$share/$f missing"; done
for f in first-start.sh docker-entrypoint.sh; do [ -x "$share/$f" ] || fail "$share/$f missing or not executable"; done
"$exe" --version | grep -q '^qbt-rules ' || fail "installed binary does not run"

step "the runtime stage's packages provide every library the binary and plugins load"
# The image's runtime stage installs only `runtime` from scripts/packages.txt: each shared
# library must belong to one of those packages or to something they depend on.
runtime_packages=$(sed -n 's/^runtime //p' "$src/scripts/packages.txt")
# shellcheck disable=SC2086
apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances $runtime_packages 2>/dev/null | grep -v '^ ' | sort -u > "$work/runtime-closure"
[ -s "$work/runtime-closure" ] || fail "apt-cache depends gave nothing for: $runtime_packages"
for f in "$exe" "$plugin_dir"/*.so; do ldd "$f"; done | awk '/=> \// {print $3}' > "$work/libs"
# libcurl is opened with dlopen at its first use (lib/lazy_curl), so ldd does not list
# it: add it (by the SONAME the code asks for) and what it loads.
soname=$(sed -n 's/.*kLibrary = "\(.*\)";/\1/p' "$src/lib/lazy_curl/lazy_curl.hpp")
[ -n "$soname" ] || fail "no kLibrary in lib/lazy_curl/lazy_curl.hpp"
curl_lib=$(ldconfig -p | awk -v s="$soname" '$1 == s {print $NF; exit}')
[ -n "$curl_lib" ] || fail "$soname (opened with dlopen by the binary) is not installed"
{ echo "$curl_lib"; ldd "$curl_lib" | awk '/=> \// {print $3}'; } >> "$work/libs"
sort -u -o "$work/libs" "$work/libs"
library_owners < "$work/libs" > "$work/owners"
while read -r lib owner; do
    [ "$owner" != "?" ] || fail "no Debian package owns $lib (needed by the installed binary or a plugin)"
    grep -qx "$owner" "$work/runtime-closure" ||
        fail "$lib comes from $owner, which the runtime packages ($runtime_packages) do not pull in"
done < "$work/owners"
echo "$(wc -l < "$work/libs") libraries, all from the runtime packages' closure"

# --- 2. the installed SDK --------------------------------------------------------------
step "pkg-config and an example plugin against the installed SDK"
export PKG_CONFIG_SYSROOT_DIR=$destdir PKG_CONFIG_PATH=$root/$libdir/pkgconfig
cflags=$(pkg-config --cflags qbt-rules-sdk) || fail "pkg-config does not find qbt-rules-sdk"
cflags=$(echo $cflags)  # pkgconf ends it with a space
[ "$cflags" = "-I$root/include" ] || fail "pkg-config --cflags qbt-rules-sdk gave '$cflags', wanted -I$root/include"
pkg-config --variable=plugindir qbt-rules-sdk | grep -q "qbt-rules/plugins$" || fail "no plugindir variable"
# shellcheck disable=SC2086
cc -std=c99 -shared -fPIC -Wall -Werror $cflags -o "$work/append_line.so" "$src/sdk/examples/append_line_action/append_line.c" ||
    fail "append_line.c does not build against the installed SDK"
# The example's own meson.build, as its header says (dependency('qbt-rules-sdk')).
meson setup "$work/example-build" "$src/sdk/examples/append_line_action" > "$work/example.log" 2>&1 &&
    meson compile -C "$work/example-build" >> "$work/example.log" 2>&1 ||
    fail "the append_line example's meson.build does not build against the installed SDK: $(tail -20 "$work/example.log")"
[ -f "$work/example-build/append_line.so" ] || fail "the example's meson build made no append_line.so"
grep -q -- "-I$root/include" "$work/example-build/compile_commands.json" || fail "the example did not use the installed SDK"
unset PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_PATH

# --- 3. the entrypoint -----------------------------------------------------------------
config=$work/config
mkdir -p "$work/user-plugins"
export QBT_RULES_CONFIG_DIR=$config QBT_RULES_SHARE_DIR=$share QBT_RULES_EXE=$exe
export QBT_RULES_PLUGINS_BUILTIN_DIR=$plugin_dir QBT_RULES_PLUGINS_DIRS=$work/user-plugins
export QBT_RULES_SERVER_HOST=127.0.0.1
unset QBT_RULES_SERVER_API_KEY QBT_RULES_SERVER_API_KEY_FILE 2>/dev/null || true
if [ "$(id -u)" = 0 ]; then
    # A user of our own (as the image's `qbt`), renumbered by the entrypoint to PUID:PGID.
    base=$(free_id_pair)
    test_user=qbt-e2e-$$
    groupadd -g "$base" "$test_user"
    useradd -M -N -u "$base" -g "$base" -d "$config" -s /usr/sbin/nologin "$test_user"
    export QBT_RULES_USER=$test_user PUID=$((base + 1)) PGID=$((base + 1))
else
    export PUID=$(id -u) PGID=$(id -g)
fi

step "first start"
start_server "$work/first.log"
grep -q "first start, created in $config: config.yml rules.yml api_key" "$work/first.log" || fail "no first-start report: $(cat "$work/first.log")"
grep -q "your API key is in $config/api_key" "$work/first.log" || fail "the log does not say where the key is"
[ "$(stat -c '%a %u %g' "$config/api_key")" = "600 $PUID $PGID" ] || fail "api_key is $(stat -c '%a %u %g' "$config/api_key"), wanted 600 $PUID $PGID"
for f in config.yml rules.yml; do [ "$(stat -c '%u' "$config/$f")" = "$PUID" ] || fail "$f not owned by PUID"; done
[ "$(stat -c '%a' "$config/config.yml")" = 600 ] || fail "config.yml is mode $(stat -c '%a' "$config/config.yml"), wanted 600 (it holds the qBittorrent password)"
key=$(cat "$config/api_key")
echo "$key" | grep -Eqx '[0-9a-f]{64}' || fail "api_key is not 64 random hex digits"
grep -q "change-me" "$config/config.yml" && fail "config.yml still carries the placeholder key"
[ "$(stat -c '%u' "/proc/$server_pid")" = "$PUID" ] || fail "the server runs as uid $(stat -c '%u' "/proc/$server_pid"), not PUID $PUID"
[ "$(http_code "/api/jobs" "$key")" = 200 ] || fail "the generated key is refused"
[ "$(http_code "/api/jobs" "wrong-$key")" = 401 ] || fail "a wrong key is accepted"
grep -q "$key" "$work/first.log" && fail "the API key is written to the log"
if [ -n "$test_user" ]; then [ "$(id -u "$test_user")" = "$PUID" ] || fail "user not renumbered to PUID"; fi
stop_server

step "second start keeps the key"
start_server "$work/second.log"
[ "$(cat "$config/api_key")" = "$key" ] || fail "the key was regenerated"
grep -q "first start" "$work/second.log" && fail "second start reported a first start"
[ "$(http_code "/api/jobs" "$key")" = 200 ] || fail "the key is refused after a restart"
stop_server

if [ "$(id -u)" = 0 ]; then
    step "PUID changed: the files follow"
    export PUID=$((PUID + 1))
    start_server "$work/third.log"
    [ "$(stat -c '%a %u' "$config/api_key")" = "600 $PUID" ] || fail "api_key not handed to the new PUID"
    [ "$(http_code "/api/jobs" "$key")" = 200 ] || fail "the key is refused after a PUID change"
    stop_server
fi

step "a key written into config.yml wins over the generated one"
sed -i 's/^server:$/server:\n  api_key: key-from-config-yml-0123456789/' "$config/config.yml"
start_server "$work/fourth.log"
[ "$(http_code "/api/jobs" "key-from-config-yml-0123456789")" = 200 ] || fail "the config.yml key is refused"
[ "$(http_code "/api/jobs" "$key")" = 401 ] || fail "the generated key still works although config.yml sets one"
stop_server

step "a copied config.default.yml (placeholder key) still gets a generated key"
rm -rf "$config" && mkdir -p "$config" && cp "$share/config.default.yml" "$config/config.yml"
start_server "$work/fifth.log"
[ -s "$config/api_key" ] || fail "no api_key generated next to a placeholder config.yml"
[ "$(http_code "/api/jobs" "$(cat "$config/api_key")")" = 200 ] || fail "generated key refused"
[ "$(http_code "/api/jobs" "change-me-to-a-long-random-string")" = 401 ] || fail "the placeholder key is accepted"
stop_server
echo "PASS"
