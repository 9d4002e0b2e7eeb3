#include "rules_test_support.hpp"

#include "rules_test_registry.hpp"

#include <cstdlib>

namespace qbt::rules::test_support {

// The real built-in plugins, as the server loads them.
const plugin::Registry& test_registry() {
    static std::unique_ptr<plugin::Registry> registry = [] {
        const char* dir = std::getenv("QBT_RULES_PLUGINS_BUILTIN_DIR");
        std::string base = dir ? dir : "plugins";
        std::vector<std::string> problems;
        auto r = test::registry_from_files({base + "/qbt_core_operators.so", base + "/qbt_core_actions.so"}, problems);
        for (const auto& p : problems) ADD_FAILURE() << p;
        return r;
    }();
    return *registry;
}

LoadResult load(const std::string& yaml) { return load_rules_text(yaml, "rules.yml", test_registry()); }

std::string all_errors(const LoadResult& result) {
    std::string text;
    for (const auto& e : result.errors) text += "\n  " + e.to_string();
    return text;
}

// Asserts an error mentioning `text` at `line` (1-based) exists.
::testing::AssertionResult has_error(const LoadResult& result, int line, const std::string& text) {
    for (const auto& e : result.errors)
        if (e.where.line == line && e.message.find(text) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "no error at line " << line << " containing '" << text
                                         << "'; errors:" << all_errors(result);
}

const Condition& condition_at(const Group& group, size_t index) { return std::get<Condition>(group.items.at(index)); }
const Group& group_at(const Group& group, size_t index) { return std::get<Group>(group.items.at(index)); }

}  // namespace qbt::rules::test_support
