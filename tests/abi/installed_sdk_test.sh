#!/usr/bin/env bash
# The installed SDK is all a plugin author needs, and says the truth about its version:
#   1. `meson install --tags devel` into a temporary DESTDIR (headers, plugin.map, .pc);
#   2. the .pc's description and abi_version variable name the installed version.h's ABI;
#   3. the witness plugin (tests/abi/witness/*.c, plain C99) compiles with -Werror using
#      ONLY `pkg-config --cflags qbt-rules-sdk` and links with the installed plugin.map,
#      exporting nothing but qbt_entry;
#   4. the host drives it (tests/abi/witness_test.cpp) and the queue conformance suite
#      runs on its queue backend.
#   usage: installed_sdk_test.sh WITNESS_TEST_EXE QUEUE_CONFORMANCE_EXE   (env from meson test)
set -euo pipefail

WITNESS_TEST=$1
CONFORMANCE=$2
BUILD=${QBT_TEST_BUILD_ROOT:?run through meson test}
SOURCE=${QBT_TEST_SOURCE_ROOT:?run through meson test}
CC=${CC:-cc}
fail() { echo "installed_sdk_test: $*" >&2; exit 1; }

WORK=$(mktemp -d /tmp/qbt-sdk.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

meson install -C "$BUILD" --no-rebuild --tags devel --destdir "$WORK/root" >"$WORK/install.log" 2>&1 ||
    { cat "$WORK/install.log" >&2; fail "meson install failed"; }
pc=$(find "$WORK/root" -name qbt-rules-sdk.pc | head -n 1)
[[ -n $pc ]] || fail "meson install put no qbt-rules-sdk.pc under $WORK/root"
export PKG_CONFIG_PATH=${pc%/*} PKG_CONFIG_SYSROOT_DIR=$WORK/root
cflags=$(pkg-config --cflags qbt-rules-sdk)
map=$(pkg-config --variable=plugin_map qbt-rules-sdk)
[[ $map == "$WORK/root"* ]] || map=$WORK/root$map  # pkgconf applies the sysroot to variables, pkg-config does not
[[ $cflags == *"$WORK/root"* ]] || fail "pkg-config --cflags does not point into the install: $cflags"
[[ -f $map ]] || fail "plugin.map is not installed where pkg-config says: $map"

# 2. The version the .pc states is the installed headers' version.
printf '#include <qbt/version.h>\n#include <stdio.h>\nint main(void) { printf("%%d.%%d", QBT_ABI_MAJOR, QBT_ABI_MINOR); return 0; }\n' >"$WORK/version.c"
"$CC" $cflags "$WORK/version.c" -o "$WORK/version"
abi=$("$WORK/version")
[[ $(pkg-config --variable=abi_version qbt-rules-sdk) == "$abi" ]] || fail "abi_version variable is not $abi"
grep -q "^Description: .*(C ABI $abi)\$" "$pc" || fail "the .pc description does not say C ABI $abi: $(grep Description "$pc")"
echo "installed SDK: C ABI $abi, cflags $cflags"

# 3. The witness from the installed headers only.
mkdir "$WORK/plugins"
"$CC" -std=c99 -pedantic -Wall -Wextra -Werror -fPIC -shared $cflags "$SOURCE"/tests/abi/witness/*.c \
    -o "$WORK/plugins/witness.so" -Wl,--version-script="$map" -Wl,--no-undefined -pthread
exported=$(nm -D --defined-only "$WORK/plugins/witness.so" | awk '$2 ~ /[A-Z]/ && $3 != "" {print $3}' | grep -v '^qbt_entry$' || true)
[[ -z $exported ]] || fail "the witness exports more than qbt_entry: $exported"

# 4. The host drives it.
export QBT_TEST_WITNESS_SO=$WORK/plugins/witness.so
"$WITNESS_TEST"
"$CONFORMANCE" --gtest_filter='Backends/QueueTest.*/witness'
