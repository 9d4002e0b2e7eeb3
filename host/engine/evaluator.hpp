// Three-valued evaluation of a rule's condition tree for one torrent. The tree is
// compiled into a Plan per job whose items are ordered by data cost, so cheap info.*
// conditions decide first and expensive spaces are only needed by torrents that can
// still match.
#pragma once

#include "engine/data_space.hpp"
#include "engine/field_matcher.hpp"
#include "rules/rule_model.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

namespace qbt::engine {

struct PlanNode;

struct PlanItem {
    const rules::Condition* condition = nullptr;  // either a condition...
    Space space = Space::Info;
    std::unique_ptr<PlanNode> group;       // ...or a nested group
    int cost = 0;                          // most expensive space below
};

struct PlanNode {
    rules::Group::Kind kind = rules::Group::Kind::All;
    std::vector<PlanItem> items;
};

// Throws std::invalid_argument for a field with an unknown space (the loader rejects
// those, so this only guards hand-built rule sets).
PlanNode make_plan(const rules::Group& group);

// The spaces and keys a plan reads, to decide e.g. whether trackers.url alone is needed.
void collect_fields(const PlanNode& plan, std::vector<const rules::Condition*>& out);

// Kleene logic: all = False if any False, else Unknown if any Unknown, else True;
// any = True if any True, else Unknown if any Unknown, else False; none = not any.
// Unknown results carry the union of the spaces still needed.
Outcome evaluate(const PlanNode& plan, FieldMatcher& matcher, size_t torrent);

}  // namespace qbt::engine
