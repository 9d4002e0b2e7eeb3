#include "rules/rules_until.hpp"

#include "rules/rules_load_context.hpp"
#include "rules/rules_values.hpp"

#include <qbt/cpp/units.hpp>

#include <cmath>

namespace qbt::rules {

namespace {

// "200 GB", "1.5 TiB", or a bare number of bytes; ${vars.X} allowed.
std::optional<int64_t> read_size(LoadContext& ctx, const YAML::Node& node, std::string& text) {
    rapidjson::Document value;
    if (!yaml_to_json(ctx, node, value, value.GetAllocator(), true)) return std::nullopt;
    std::optional<double> bytes;
    if (value.IsNumber()) {
        bytes = value.GetDouble();
        text = json_text(value);
    } else if (value.IsString()) {
        text = value.GetString();
        bytes = sdk::parse_size(text);
    }
    if (!bytes || *bytes <= 0 || *bytes > 9.2e18) {
        ctx.error(node, "until: free_space must be a size greater than zero (e.g. 200 GB, 1.5 TiB, or bytes), got " +
                            (value.IsString() ? "'" + text + "'"
                             : value.IsNumber() ? "'" + json_text(value) + "'" : "a " +
                             std::string(value.IsArray() ? "list" : value.IsObject() ? "mapping" : "null")));
        return std::nullopt;
    }
    return static_cast<int64_t>(std::llround(*bytes));
}

void read_free_space(LoadContext& ctx, const YAML::Node& until, Rule& rule) {
    if (!until.IsMap()) {
        ctx.error(until, "until must be a mapping: until: {free_space: 200 GB}");
        return;
    }
    check_keys(ctx, until, {"free_space"}, "until");
    YAML::Node free_space = find_key(until, "free_space");
    if (!free_space.IsDefined()) {
        ctx.error(until, "until has no 'free_space' (until: {free_space: 200 GB})");
        return;
    }
    UntilFreeSpace target;
    target.where = ctx.at(free_space);
    if (auto bytes = read_size(ctx, free_space, target.text)) {
        target.bytes = *bytes;
        rule.until = target;
    }
}

void read_order(LoadContext& ctx, const YAML::Node& node, Rule& rule) {
    OrderBy order;
    order.where = ctx.at(node);
    if (!read_string(ctx, node, "order_by", order.text)) return;
    std::string field = order.text;
    if (!field.empty() && field[0] == '-') {
        order.descending = true;
        field.erase(0, 1);
    }
    if (field.rfind("info.", 0) != 0 || field.size() == 5) {
        ctx.error(node, "order_by must be an info.* field, '-' first for descending (e.g. info.added_on, "
                        "-info.ratio), got '" + order.text + "'");
        return;
    }
    order.key = field.substr(5);
    rule.order_by = order;
}

}  // namespace

void read_until(LoadContext& ctx, const YAML::Node& until, const YAML::Node& order_by, Rule& rule) {
    if (until.IsDefined() && !until.IsNull()) read_free_space(ctx, until, rule);
    if (order_by.IsDefined() && !order_by.IsNull()) read_order(ctx, order_by, rule);
    const bool has_until = until.IsDefined() && !until.IsNull();
    const bool has_order = order_by.IsDefined() && !order_by.IsNull();
    if (has_until && !has_order)
        ctx.error(until, "until needs order_by: which matched torrents go first (e.g. order_by: info.added_on)");
    if (has_order && !has_until)
        ctx.error(order_by, "order_by only orders the steps of until: {free_space: ...}; add until or remove "
                            "order_by");
}

}  // namespace qbt::rules
