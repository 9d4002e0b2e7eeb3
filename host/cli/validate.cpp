// --validate [FILE]: load the rules file with the plugins run() loaded (quietly: loading
// chatter would drown the diagnostics), print every error, exit 1 on any.
#include "cli/disk_check.hpp"
#include "cli/modes.hpp"
#include "rules/rule_instances.hpp"
#include "rules/rules_loader.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>

namespace qbt::cli {

namespace {
size_t count_conditions(const rules::Group& group) {
    size_t n = 0;
    for (const rules::GroupItem& item : group.items)
        n += std::holds_alternative<rules::Group>(item) ? count_conditions(std::get<rules::Group>(item)) : 1;
    return n;
}
}  // namespace

int validate(const config::Config& config, const CliOptions& options, plugin::PluginHost& plugins) {
    const std::string path =
        options.validate_file && !options.validate_file->empty() ? *options.validate_file : config.rules.file;
    auto result = rules::load_rules_file(path, plugins.registry());
    rules::check_rule_instances(result, config.instance_names());  // a typo must not disable a rule
    if (!result.ok()) {
        for (const auto& diagnostic : result.errors) std::cerr << diagnostic.to_string() << "\n";
        std::cerr << path << ": " << result.errors.size() << " error(s)\n";
        return 1;
    }
    // The mapped local roots: unreadable is a warning, an error when a rule needs the files.
    const DiskCheck disk = check_disk(config, result.rules.get());
    for (const auto& line : disk.lines()) std::cerr << (disk.error() ? "error: " : "warning: ") << line << "\n";
    if (disk.error()) return 1;
    size_t enabled = 0;
    for (const auto& rule : result.rules->rules) enabled += rule.enabled ? 1 : 0;
    std::cout << path << ": OK, " << result.rules->rules.size() << " rule(s), " << enabled << " enabled\n";
    if (const auto& protect = result.rules->protect)
        std::cout << result.rules->protect_where.to_string() << ": protect: " << count_conditions(*protect)
                  << " condition(s); a torrent they match is never removed or moved\n";
    return 0;
}

}  // namespace qbt::cli
