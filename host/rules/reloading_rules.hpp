// The rules the server runs, reloaded when rules.yml changes. A new version replaces
// the old one only if it loads without errors; otherwise the last good rules stay in
// use and problem() says what is wrong (shown by /api/health).
#pragma once

#include "rules/rule_model.hpp"
#include "plugin/registry.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace qbt::rules {

class ReloadingRules {
public:
    // `instances`: the configured qBittorrent instance names; a rule naming another one is
    // a load error (empty = not checked).
    ReloadingRules(std::string path, const plugin::Registry& registry, std::vector<std::string> instances = {});

    // The rules to use for the next job: reloads first when the file changed since the
    // last look. nullptr when no version of the file has loaded yet.
    std::shared_ptr<const RuleSet> current();
    // "" when the newest version of the file loaded, else its errors in one text.
    std::string problem() const;

private:
    struct Stamp {
        std::filesystem::file_time_type mtime{};
        std::uintmax_t size = 0;
        bool exists = false;
        bool operator==(const Stamp&) const = default;
    };
    Stamp stamp_now() const;
    void reload(const Stamp& stamp);

    std::string path_;
    const plugin::Registry& registry_;
    const std::vector<std::string> instances_;
    mutable std::mutex mutex_;
    std::shared_ptr<const RuleSet> rules_;
    std::string problem_;
    Stamp seen_;
    bool loaded_once_ = false;
};

}  // namespace qbt::rules
