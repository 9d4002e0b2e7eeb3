// rules.yml text -> load_rules_text. Invariants: never throws, never crashes; a result
// is either rules without errors or errors without rules, and every error has a message.
#include "core_plugins.hpp"
#include "targets.hpp"

#include "rules/rules_loader.hpp"

#include <cstdlib>
#include <string>

namespace qbt::fuzz {

int rules_loader_one(const uint8_t* data, size_t size) {
    if (size > 64 * 1024) return 0;  // rules files are small; keep each run fast
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto& registry = core_plugins().registry();
    const rules::LoadResult result = rules::load_rules_text(text, "fuzz.yml", registry);
    if (result.ok() != (result.rules != nullptr)) std::abort();
    for (const auto& error : result.errors) {
        if (error.message.empty()) std::abort();
        (void)error.to_string();
    }
    return 0;
}

}  // namespace qbt::fuzz
