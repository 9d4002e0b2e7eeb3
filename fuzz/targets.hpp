// The fuzz entry functions, shared by the libFuzzer executables (fuzz/meson.build) and
// the fuzz_regressions test (tests/hostile), which replays fuzz/regressions/* through
// them in the normal suite. Each returns 0 and aborts on a broken invariant.
#pragma once

#include <cstddef>
#include <cstdint>

namespace qbt::fuzz {

// Arbitrary bytes as rules.yml text through load_rules_text with the core plugins.
int rules_loader_one(const uint8_t* data, size_t size);
// Arbitrary bytes through the server's query/form/JSON parameter parsing and validation.
int http_params_one(const uint8_t* data, size_t size);
// A fuzzed condition and fuzzed torrents/info JSON through the engine (dry run).
int condition_eval_one(const uint8_t* data, size_t size);

}  // namespace qbt::fuzz
