#include "engine_test_support.hpp"

#include "abi/owned_value.hpp"

#include <stdexcept>

namespace qbt::testing {

using namespace qbt::rules;

Condition cond(const plugin::Registry& registry, const std::string& field, const std::string& op,
               const std::string& expected_json) {
    auto provided = registry.find_operator(op);
    if (!provided.descriptor) throw std::invalid_argument("no operator " + op);
    abi::OwnedValue expected = abi::OwnedValue::from_json_text(expected_json);
    void* state = nullptr;
    qbt_error err{};
    if (provided.descriptor->compile(expected.root(), &state, &err) < 0)
        throw std::invalid_argument(std::string("compile failed: ") + err.message);
    Condition c;
    auto dot = field.find('.');
    c.field = FieldPath{field.substr(0, dot), field.substr(dot + 1), field};
    c.operator_name = op;
    c.op = std::make_shared<CompiledOperator>(provided.descriptor, state);
    c.expected_json = expected_json;
    c.where = SourceLocation{"test.yml", 1, 1};
    return c;
}

namespace {
Group group(Group::Kind kind, std::vector<GroupItem> items) {
    Group g;
    g.kind = kind;
    g.items = std::move(items);
    return g;
}
}  // namespace

Group all(std::vector<GroupItem> items) { return group(Group::Kind::All, std::move(items)); }
Group any(std::vector<GroupItem> items) { return group(Group::Kind::Any, std::move(items)); }
Group none(std::vector<GroupItem> items) { return group(Group::Kind::None, std::move(items)); }

Action act(const plugin::Registry& registry, const std::string& type, const std::string& params_json) {
    auto provided = registry.find_action(type);
    if (!provided.descriptor) throw std::invalid_argument("no action " + type);
    abi::OwnedValue params = abi::OwnedValue::from_json_text(params_json);
    void* state = nullptr;
    qbt_error err{};
    if (provided.descriptor->compile(params.root(), &state, &err) < 0)
        throw std::invalid_argument(std::string("compile failed: ") + err.message);
    Action a;
    a.type = type;
    a.params_json = params_json;
    a.compiled = std::make_shared<CompiledAction>(provided.descriptor, state);
    return a;
}

Rule rule(const std::string& name, Group conditions, std::vector<Action> actions, RuleOptions options) {
    Rule r;
    r.name = name;
    r.enabled = options.enabled;
    r.contexts = options.contexts;
    r.stop_on_match = options.stop_on_match;
    r.conditions = std::move(conditions);
    r.actions = std::move(actions);
    r.max_deletes = options.max_deletes;
    return r;
}

std::shared_ptr<engine::DiskScope> scope_with_unreachable(webapi::WebApi& own, FakeWebApi& down) {
    down.fail("torrents/info", "");
    auto scope = std::make_shared<engine::DiskScope>();
    scope->push_back({"default", &own, {}, true});
    scope->push_back({"b", &down, {}, true});
    return scope;
}

}  // namespace qbt::testing
