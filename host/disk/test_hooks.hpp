// Fault-injection pauses for the tests (kill -9 in the middle of a recycle): compiled in
// only when the build has the test suite (QBT_RULES_TEST_HOOKS, meson option `tests`), and
// active only when the named environment variable holds milliseconds.
#pragma once

#include <string>

namespace qbt::disk {

// Logs "test hook <env>: <what>, pausing N ms" and sleeps, when `env` is set.
void test_pause(const char* env, const std::string& what);

}  // namespace qbt::disk
