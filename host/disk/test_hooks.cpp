#include "disk/test_hooks.hpp"

#include "qbt_build_config.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace qbt::disk {

void test_pause(const char* env, const std::string& what) {
#if QBT_RULES_TEST_HOOKS
    const char* pause = std::getenv(env);
    if (pause == nullptr || *pause == '\0') return;
    spdlog::info("test hook {}: {}, pausing {} ms", env, what, pause);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::atoll(pause)));
#else
    (void)env;
    (void)what;
#endif
}

}  // namespace qbt::disk
