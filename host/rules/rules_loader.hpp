// Loading rules.yml into a compiled, immutable RuleSet (see shared/rules-syntax.md).
//
// Every problem in the file is reported at once, each with file:line:column and the rule
// it belongs to. With any error `rules` is null: a server never runs half-loaded rules.
//
// Decisions where the contract is silent:
//  - a missing or unreadable file is an error; an empty file, or one without rules
//    (`rules:` absent, null or []), loads as zero rules with a warning;
//  - disabled rules are validated and compiled like enabled ones (enabling one later
//    must not reveal a typo), and kept in the RuleSet with enabled = false;
//  - an empty `conditions` (list, mapping or group) is an error, never "match all";
//  - `${vars.NAME}` is replaced only in condition values and action params; vars are
//    literal (no `${...}` inside a var is expanded); other `${...}` text is left as is;
//  - unquoted YAML scalars are typed as PyYAML (qbt-rules 0.x) typed them: yes/no/on/off
//    are booleans, a quoted scalar is always a string.
#pragma once

#include "rules/rule_model.hpp"

#include <memory>
#include <string>
#include <vector>

namespace qbt::plugin {
class Registry;
}

namespace qbt::rules {

struct LoadResult {
    std::shared_ptr<const RuleSet> rules;  // null when there are errors
    std::vector<Diagnostic> errors;
    std::vector<Diagnostic> warnings;      // loaded anyway (e.g. a file with no rules)
    bool ok() const { return errors.empty(); }
};

LoadResult load_rules_file(const std::string& path, const plugin::Registry& registry);
LoadResult load_rules_text(const std::string& yaml, const std::string& source_name,
                           const plugin::Registry& registry);

}  // namespace qbt::rules
