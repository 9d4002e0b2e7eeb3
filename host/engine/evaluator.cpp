#include "engine/evaluator.hpp"

#include <algorithm>

namespace qbt::engine {

PlanNode make_plan(const rules::Group& group) {
    PlanNode node;
    node.kind = group.kind;
    for (const rules::GroupItem& item : group.items) {
        PlanItem planned;
        if (const auto* condition = std::get_if<rules::Condition>(&item)) {
            auto space = field_space(condition->field.space, condition->field.key);
            if (!space)
                throw std::invalid_argument(condition->where.to_string() + ": unknown field namespace '" +
                                            condition->field.space + "' in '" + condition->field.text + "'");
            if (!condition->op || !condition->op->op())
                throw std::invalid_argument(condition->where.to_string() + ": condition on '" +
                                            condition->field.text + "' has no compiled operator");
            planned.condition = condition;
            planned.space = *space;
            planned.cost = space_cost(*space);
        } else {
            planned.group = std::make_unique<PlanNode>(make_plan(std::get<rules::Group>(item)));
            for (const PlanItem& sub : planned.group->items) planned.cost = std::max(planned.cost, sub.cost);
        }
        node.items.push_back(std::move(planned));
    }
    // Stable: equal costs keep the order the user wrote.
    std::stable_sort(node.items.begin(), node.items.end(),
                     [](const PlanItem& a, const PlanItem& b) { return a.cost < b.cost; });
    return node;
}

void collect_fields(const PlanNode& plan, std::vector<const rules::Condition*>& out) {
    for (const PlanItem& item : plan.items) {
        if (item.condition) out.push_back(item.condition);
        else collect_fields(*item.group, out);
    }
}

Outcome evaluate(const PlanNode& plan, FieldMatcher& matcher, size_t torrent) {
    // For all: False decides. For any/none: True decides.
    const Truth decisive = plan.kind == rules::Group::Kind::All ? Truth::False : Truth::True;
    bool unknown = false;
    SpaceMask need = 0;
    for (const PlanItem& item : plan.items) {
        Outcome o = item.condition ? matcher.evaluate(*item.condition, item.space, torrent)
                                   : evaluate(*item.group, matcher, torrent);
        if (o.truth == decisive) {
            return Outcome{plan.kind == rules::Group::Kind::Any ? Truth::True : Truth::False, 0};
        }
        if (o.truth == Truth::Unknown) {
            unknown = true;
            need |= o.need;
        }
    }
    if (unknown) return Outcome{Truth::Unknown, need};
    return Outcome{plan.kind == rules::Group::Kind::Any ? Truth::False : Truth::True, 0};
}

}  // namespace qbt::engine
