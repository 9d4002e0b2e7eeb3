// --list-rules (qbt-rules 0.6): the rules in file order, the order they run in, as a table:
// position, enabled, stop_on_match, context, name (and the description from meta).
#include "cli/modes.hpp"
#include "rules/rules_loader.hpp"
#include "rules/rules_meta.hpp"

#include <cstdio>
#include <iostream>

namespace qbt::cli {

namespace {

std::string contexts_text(const rules::Rule& rule) {
    if (rule.contexts.empty()) return "(any)";
    std::string text;
    for (const auto& context : rule.contexts) text += (text.empty() ? "" : ",") + context;
    return text;
}

void print_row(const std::string& position, const std::string& enabled, const std::string& stop,
               const std::string& context, const std::string& name) {
    std::printf("%-4s %-8s %-14s %-24s %s\n", position.c_str(), enabled.c_str(), stop.c_str(), context.c_str(),
                name.c_str());
}

}  // namespace

int list_rules(const config::Config& config, plugin::PluginHost& plugins) {
    const auto result = rules::load_rules_file(config.rules.file, plugins.registry());
    if (!result.ok()) {
        for (const auto& diagnostic : result.errors) std::cerr << diagnostic.to_string() << "\n";
        std::cerr << config.rules.file << ": " << result.errors.size() << " error(s)\n";
        return 1;
    }
    print_row("#", "enabled", "stop_on_match", "context", "name");
    size_t position = 0;
    for (const auto& rule : result.rules->rules) {
        const std::string description = rules::meta_description(rule.meta_json);
        print_row(std::to_string(++position), rule.enabled ? "yes" : "no", rule.stop_on_match ? "yes" : "no",
                  contexts_text(rule), rule.name + (description.empty() ? "" : "  - " + description));
    }
    std::fflush(stdout);
    return 0;
}

}  // namespace qbt::cli
