// libFuzzer entry point; QBT_FUZZ_ENTRY names the target function (fuzz/meson.build).
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return qbt::fuzz::QBT_FUZZ_ENTRY(data, size);
}
