#include "rules/reloading_rules.hpp"

#include "rules/rule_instances.hpp"
#include "rules/rules_loader.hpp"

#include <spdlog/spdlog.h>

namespace qbt::rules {

ReloadingRules::ReloadingRules(std::string path, const plugin::Registry& registry,
                               std::vector<std::string> instances)
    : path_(std::move(path)), registry_(registry), instances_(std::move(instances)) {}

ReloadingRules::Stamp ReloadingRules::stamp_now() const {
    std::error_code ec;
    Stamp stamp;
    stamp.mtime = std::filesystem::last_write_time(path_, ec);
    if (ec) return stamp;
    stamp.size = std::filesystem::file_size(path_, ec);
    stamp.exists = !ec;
    return stamp;
}

void ReloadingRules::reload(const Stamp& stamp) {
    seen_ = stamp;
    auto result = load_rules_file(path_, registry_);
    check_rule_instances(result, instances_);
    if (result.ok()) {
        const bool first = !loaded_once_;
        rules_ = result.rules;
        problem_.clear();
        loaded_once_ = true;
        spdlog::info("{} rules from {}: {} rule(s)", first ? "loaded" : "reloaded", path_, rules_->rules.size());
        return;
    }
    problem_ = path_ + " has " + std::to_string(result.errors.size()) + " error(s)" +
               (rules_ ? "; still using the last good version" : "; no rules will run until it is fixed") + ":";
    for (const auto& d : result.errors) problem_ += "\n" + d.to_string();
    spdlog::error("{}", problem_);
}

std::shared_ptr<const RuleSet> ReloadingRules::current() {
    std::lock_guard lock(mutex_);
    const Stamp now = stamp_now();
    if (!loaded_once_ && problem_.empty()) reload(now);
    else if (!(now == seen_)) reload(now);
    return rules_;
}

std::string ReloadingRules::problem() const {
    std::lock_guard lock(mutex_);
    return problem_;
}

}  // namespace qbt::rules
