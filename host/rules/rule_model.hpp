// The rules of rules.yml after loading: validated, refs expanded, vars substituted,
// every operator and action compiled by its plugin. Immutable once loaded; a RuleSet is
// shared (shared_ptr) by the jobs that use it, so a reload never disturbs a running job.
#pragma once

#include "plugin/serial_call.hpp"

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
// Every call into the plugin goes through here and holds its call lock (serial_call.hpp).
class CompiledOperator {
public:
    CompiledOperator(const qbt_condition_operator* op, void* state, plugin::CallLock lock = nullptr)
        : op_(op), state_(state), lock_(std::move(lock)) {}
    ~CompiledOperator() {
        plugin::SerialCall call(lock_);
        if (op_ && op_->release) op_->release(state_);
    }
    CompiledOperator(const CompiledOperator&) = delete;
    CompiledOperator& operator=(const CompiledOperator&) = delete;
    const qbt_condition_operator* op() const { return op_; }
    bool negative() const { return (op_->flags & QBT_OPERATOR_NEGATIVE) != 0; }
    int match(const qbt_value* actual, const qbt_match_context* context, qbt_error* err) const {
        plugin::SerialCall call(lock_);
        return op_->match(state_, actual, context, err);
    }

private:
    const qbt_condition_operator* op_;
    void* state_;
    plugin::CallLock lock_;
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

// An action's compiled params; releases the plugin state when destroyed. Every call into
// the plugin goes through here and holds its call lock (serial_call.hpp).
class CompiledAction {
public:
    CompiledAction(const qbt_action* action, void* state, plugin::CallLock lock = nullptr)
        : action_(action), state_(state), lock_(std::move(lock)) {}
    ~CompiledAction() {
        plugin::SerialCall call(lock_);
        if (action_ && action_->release) action_->release(state_);
    }
    CompiledAction(const CompiledAction&) = delete;
    CompiledAction& operator=(const CompiledAction&) = delete;
    const qbt_action* action() const { return action_; }

    // The descriptor's functions, bound to this state (is_satisfied/effect: check for NULL first).
    int is_satisfied(const qbt_torrent* torrent, qbt_error* err) const {
        plugin::SerialCall call(lock_);
        return action_->is_satisfied(state_, torrent, err);
    }
    // execute_batch when the plugin has it (ABI 1.2), else execute with a contiguous copy
    // of the 1.0 layout (`legacy`, which the caller builds only for such plugins).
    int execute(const qbt_action_call* context, const qbt_torrent* const* torrents, const qbt_torrent* legacy,
                size_t count, int32_t* results, qbt_error* err) const {
        plugin::SerialCall call(lock_);
        if (action_->execute_batch) return action_->execute_batch(state_, context, torrents, count, results, err);
        return action_->execute(state_, context, legacy, count, results, err);
    }
    int effect(const qbt_torrent* torrent, qbt_write_fn write, void* writer_ctx, qbt_error* err) const {
        plugin::SerialCall call(lock_);
        return action_->effect(state_, torrent, write, writer_ctx, err);
    }

private:
    const qbt_action* action_;
    void* state_;
    plugin::CallLock lock_;
};

struct Action {
    std::string type;          // as written (may be an alias such as "pause")
    std::string params_json;   // params after substitution, for reports and the audit
    std::shared_ptr<CompiledAction> compiled;
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
