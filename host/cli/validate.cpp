// --validate [FILE]: load the rules file with the plugins run() loaded (quietly: loading
// chatter would drown the diagnostics), print every error, exit 1 on any. Without FILE
// (qbt-rules 0.6) the configuration is checked too (cli/config_check.hpp).
#include "cli/config_check.hpp"
#include "cli/disk_check.hpp"
#include "cli/modes.hpp"
#include "rules/rule_instances.hpp"
#include "rules/rules_loader.hpp"
#include "rules/rules_meta.hpp"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace qbt::cli {

namespace {

// The configuration check (cli/config_check.hpp): one line per finding on stderr, then the
// summary; false when any finding is an error.
bool check_configuration(const config::Config& config, const plugin::Registry& registry) {
    size_t errors = 0, warnings = 0;
    for (const ConfigFinding& finding : check_config(config, registry)) {
        std::cerr << finding.to_string() << "\n";
        ++(finding.error ? errors : warnings);
    }
    const std::string file = config.config_file.empty() ? std::string("(no config.yml)") : config.config_file;
    if (errors > 0) {
        std::cerr << file << ": " << errors << " configuration error(s)" << (warnings ? ", " + std::to_string(warnings) + " warning(s)" : "") << "\n";
        return false;
    }
    std::cout << file << ": OK, " << config.instances.size() << " qBittorrent instance(s)"
              << (warnings ? ", " + std::to_string(warnings) + " warning(s)" : "") << "\n";
    return true;
}

size_t count_conditions(const rules::Group& group) {
    size_t n = 0;
    for (const rules::GroupItem& item : group.items)
        n += std::holds_alternative<rules::Group>(item) ? count_conditions(std::get<rules::Group>(item)) : 1;
    return n;
}
}  // namespace

int validate(const config::Config& config, const CliOptions& options, plugin::PluginHost& plugins) {
    const bool whole = !options.validate_file || options.validate_file->empty();
    const std::string path = whole ? config.rules.file : *options.validate_file;
    const bool config_ok = !whole || check_configuration(config, plugins.registry());
    if (whole && access(path.c_str(), R_OK) != 0) return 1;  // rules.file: reported by the check
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
    for (const auto& rule : result.rules->rules)  // meta (qbt-rules 0.6): what each rule is for
        if (auto description = rules::meta_description(rule.meta_json); !description.empty())
            std::cout << "  " << rule.name << ": " << description << "\n";
    if (const auto& protect = result.rules->protect)
        std::cout << result.rules->protect_where.to_string() << ": protect: " << count_conditions(*protect)
                  << " condition(s); a torrent they match is never removed or moved\n";
    return config_ok ? 0 : 1;
}

}  // namespace qbt::cli
