#include "rules/rule_instances.hpp"

#include <algorithm>

namespace qbt::rules {

bool rule_for_instance(const Rule& rule, const std::string& instance) {
    return rule.instances.empty() ||
           std::find(rule.instances.begin(), rule.instances.end(), instance) != rule.instances.end();
}

void check_rule_instances(LoadResult& result, const std::vector<std::string>& configured) {
    if (!result.rules || configured.empty()) return;
    for (const Rule& rule : result.rules->rules) {
        for (const std::string& name : rule.instances) {
            if (std::find(configured.begin(), configured.end(), name) != configured.end()) continue;
            std::string known;
            for (const auto& n : configured) known += (known.empty() ? "" : ", ") + n;
            result.errors.push_back({rule.instances_where, rule.name,
                                     "instance '" + name + "' is not configured (configured: " + known + ")"});
        }
    }
    if (!result.errors.empty()) result.rules.reset();
}

}  // namespace qbt::rules
