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

// A plugin's compiled state (an operator's expected value, an action's params): released
// through the plugin when destroyed. Every call into the plugin goes through the derived
// classes and holds the plugin's call lock (plugin/serial_call.hpp).
template <class Descriptor>
class CompiledState {
public:
    CompiledState(const Descriptor* descriptor, void* state, plugin::CallLock lock)
        : descriptor_(descriptor), state_(state), lock_(std::move(lock)) {}
    ~CompiledState() {
        plugin::SerialCall call(lock_);
        if (descriptor_ && descriptor_->release) descriptor_->release(state_);
    }
    CompiledState(const CompiledState&) = delete;
    CompiledState& operator=(const CompiledState&) = delete;

protected:
    const Descriptor* descriptor_;
    void* state_;
    plugin::CallLock lock_;
};

class CompiledOperator : public CompiledState<qbt_condition_operator> {
public:
    CompiledOperator(const qbt_condition_operator* op, void* state, plugin::CallLock lock = nullptr)
        : CompiledState(op, state, std::move(lock)) {}
    const qbt_condition_operator* op() const { return descriptor_; }
    bool negative() const { return (descriptor_->flags & QBT_OPERATOR_NEGATIVE) != 0; }
    int match(const qbt_value* actual, const qbt_match_context* context, qbt_error* err) const {
        plugin::SerialCall call(lock_);
        return descriptor_->match(state_, actual, context, err);
    }
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

class CompiledAction : public CompiledState<qbt_action> {
public:
    CompiledAction(const qbt_action* action, void* state, plugin::CallLock lock = nullptr)
        : CompiledState(action, state, std::move(lock)) {}
    const qbt_action* action() const { return descriptor_; }

    // The descriptor's functions, bound to this state (is_satisfied/effect: check for NULL first).
    int is_satisfied(const qbt_torrent* torrent, qbt_error* err) const {
        plugin::SerialCall call(lock_);
        return descriptor_->is_satisfied(state_, torrent, err);
    }
    // execute_batch when the plugin has it (ABI 1.2), else execute with a contiguous copy
    // of the 1.0 layout (`legacy`, which the caller builds only for such plugins).
    int execute(const qbt_action_call* context, const qbt_torrent* const* torrents, const qbt_torrent* legacy,
                size_t count, int32_t* results, qbt_error* err) const {
        plugin::SerialCall call(lock_);
        if (descriptor_->execute_batch)
            return descriptor_->execute_batch(state_, context, torrents, count, results, err);
        return descriptor_->execute(state_, context, legacy, count, results, err);
    }
    int effect(const qbt_torrent* torrent, qbt_write_fn write, void* writer_ctx, qbt_error* err) const {
        plugin::SerialCall call(lock_);
        return descriptor_->effect(state_, torrent, write, writer_ctx, err);
    }
};

// Compiles `value` with the plugin's compile() under its call lock: the compiled state, or
// nullptr with the plugin's reason (its message, else the code's name) in `why`.
template <class Compiled, class Descriptor>
std::shared_ptr<Compiled> compile_with(const plugin::Provided<Descriptor>& provided, const qbt_value* value,
                                       std::string& why) {
    const plugin::CallLock lock = plugin::call_lock_of(provided.plugin);
    qbt_error err{};
    void* state = nullptr;
    int rc = 0;
    {
        plugin::SerialCall call(lock);
        rc = provided.descriptor->compile(value, &state, &err);
    }
    if (rc < 0) {
        why = err.message[0] != '\0' ? err.message : qbt_status_name(rc);
        return nullptr;
    }
    return std::make_shared<Compiled>(provided.descriptor, state, lock);
}

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
    std::string name;                   // its identity: `name:`, else `id:` (qbt-rules 0.6)
    std::string id;                     // `id:` as written ("" when absent)
    std::string meta_json;              // `meta:` as JSON ("" when absent), shown, never run
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
    std::string refs_meta_json;  // `refs.meta:` as JSON ("" when absent), shown, never run
    std::vector<Rule> rules;
    // `protect:` (rules' condition syntax): a torrent it matches is never removed or moved by
    // any rule, whatever the rule says (host/engine/protection.hpp). Absent: nothing is.
    std::optional<Group> protect;
    SourceLocation protect_where;
};

struct Diagnostic {
    SourceLocation where;
    std::string rule;     // rule name, or "" when not inside a rule
    std::string message;  // what is wrong and, where useful, what would be right
    std::string to_string() const;  // "rules.yml:12:5: rule 'X': message"
};

}  // namespace qbt::rules
