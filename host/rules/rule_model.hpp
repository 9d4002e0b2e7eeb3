// The rules of rules.yml after loading: validated, refs expanded, vars substituted,
// every operator and action compiled by its plugin. Immutable once loaded; a RuleSet is
// shared (shared_ptr) by the jobs that use it, so a reload never disturbs a running job.
#pragma once

#include <qbt/action.h>
#include <qbt/condition.h>

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace qbt::rules {

struct SourceLocation {
    std::string file;
    int line = 0;    // 1-based; 0 = unknown
    int column = 0;  // 1-based
    std::string to_string() const;  // "rules.yml:12:5"
};

// "info.ratio" -> space "info", key "ratio". Spaces: info trackers files peers webseeds
// properties transfer app.
struct FieldPath {
    std::string space;
    std::string key;
    std::string text;  // as written
};

// An operator's compiled expected value; releases the plugin state when destroyed.
class CompiledOperator {
public:
    CompiledOperator(const qbt_condition_operator* op, void* state) : op_(op), state_(state) {}
    ~CompiledOperator() { if (op_ && op_->release) op_->release(state_); }
    CompiledOperator(const CompiledOperator&) = delete;
    CompiledOperator& operator=(const CompiledOperator&) = delete;
    const qbt_condition_operator* op() const { return op_; }
    const void* state() const { return state_; }
    bool negative() const { return (op_->flags & QBT_OPERATOR_NEGATIVE) != 0; }

private:
    const qbt_condition_operator* op_;
    void* state_;
};

struct Condition {
    FieldPath field;
    std::string operator_name;
    std::shared_ptr<CompiledOperator> op;
    std::string expected_json;  // the value after ${vars} substitution, for reports
    SourceLocation where;
};

struct Group;
using GroupItem = std::variant<Condition, Group>;

struct Group {
    enum class Kind { All, Any, None };
    Kind kind = Kind::All;
    std::vector<GroupItem> items;
    SourceLocation where;
};

class CompiledAction {
public:
    CompiledAction(const qbt_action* action, void* state) : action_(action), state_(state) {}
    ~CompiledAction() { if (action_ && action_->release) action_->release(state_); }
    CompiledAction(const CompiledAction&) = delete;
    CompiledAction& operator=(const CompiledAction&) = delete;
    const qbt_action* action() const { return action_; }
    const void* state() const { return state_; }

private:
    const qbt_action* action_;
    void* state_;
};

struct Action {
    std::string type;          // as written (may be an alias such as "pause")
    std::string params_json;   // params after substitution, for reports and the audit
    std::shared_ptr<CompiledAction> compiled;
    SourceLocation where;
};

// `until: {free_space: 200 GB}`: act on the matched torrents one at a time (in order_by
// order) until qBittorrent's free space plus the bytes freed reach `bytes`.
struct UntilFreeSpace {
    int64_t bytes = 0;
    std::string text;  // as written, for reports
    SourceLocation where;
};

// `order_by: info.added_on` (ascending) or `-info.added_on` (descending).
struct OrderBy {
    std::string key;  // the info.* key: "added_on"
    bool descending = false;
    std::string text;  // as written
    SourceLocation where;
};

struct Rule {
    std::string name;
    bool enabled = true;
    std::vector<std::string> contexts;  // empty = runs in every job
    std::vector<std::string> instances; // qBittorrent instances; empty = every instance
    SourceLocation instances_where;     // of `instance:`, for unknown-name errors
    bool stop_on_match = false;
    Group conditions;                   // Kind::All over the rule's groups
    std::vector<Action> actions;        // $ref action lists spliced in order
    std::optional<int> max_deletes;     // per-rule cap on deletions per job
    std::optional<UntilFreeSpace> until;  // with order_by (both or neither)
    std::optional<OrderBy> order_by;
    SourceLocation where;
};

struct RuleSet {
    std::string source;  // file path or "<text>"
    std::vector<Rule> rules;
};

struct Diagnostic {
    SourceLocation where;
    std::string rule;     // rule name, or "" when not inside a rule
    std::string message;  // what is wrong and, where useful, what would be right
    std::string to_string() const;  // "rules.yml:12:5: rule 'X': message"
};

}  // namespace qbt::rules
