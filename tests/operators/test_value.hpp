// Owning qbt_value literals for tests: Value(2), Value(2.0), Value("x"), Value(true),
// Value(nullptr), Value::list({...}), Value::object({{"k", v}}).
#pragma once

#include <qbt/value.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace qbt_test {

class Value {
public:
    Value(std::nullptr_t) : node_(std::make_shared<Node>()) { node_->value.type = QBT_VALUE_NULL; }
    Value(bool b) : node_(std::make_shared<Node>()) {
        node_->value.type = QBT_VALUE_BOOL;
        node_->value.as.boolean = b ? 1 : 0;
    }
    Value(int i) : Value(static_cast<int64_t>(i)) {}
    Value(int64_t i) : node_(std::make_shared<Node>()) {
        node_->value.type = QBT_VALUE_INT;
        node_->value.as.integer = i;
    }
    Value(double d) : node_(std::make_shared<Node>()) {
        node_->value.type = QBT_VALUE_DOUBLE;
        node_->value.as.number = d;
    }
    Value(const char* s) : Value(std::string(s)) {}
    Value(std::string s) : node_(std::make_shared<Node>()) {
        node_->text = std::move(s);
        node_->value.type = QBT_VALUE_STRING;
        node_->value.as.string = {node_->text.data(), node_->text.size()};
    }

    static Value list(std::initializer_list<Value> items) {
        Value v(nullptr);
        v.node_->children.assign(items.begin(), items.end());
        for (const Value& c : v.node_->children) v.node_->items.push_back(c.node_->value);
        v.node_->value.type = QBT_VALUE_ARRAY;
        v.node_->value.as.array.items = v.node_->items.data();
        v.node_->value.as.array.count = v.node_->items.size();
        return v;
    }
    static Value object(std::initializer_list<std::pair<std::string, Value>> members) {
        Value v(nullptr);
        for (const auto& [key, value] : members) {
            v.node_->keys.push_back(key);
            v.node_->children.push_back(value);
        }
        for (size_t i = 0; i < v.node_->keys.size(); ++i)
            v.node_->members.push_back(
                {{v.node_->keys[i].data(), v.node_->keys[i].size()}, v.node_->children[i].node_->value});
        v.node_->value.type = QBT_VALUE_OBJECT;
        v.node_->value.as.object.members = v.node_->members.data();
        v.node_->value.as.object.count = v.node_->members.size();
        return v;
    }

    const qbt_value* get() const { return &node_->value; }

private:
    // Children are shared, so the raw copies in items/members keep pointing at live
    // strings; keys live in a vector that is filled before anyone points into it.
    struct Node {
        qbt_value value{};
        std::string text;
        std::vector<Value> children;
        std::vector<qbt_value> items;
        std::vector<std::string> keys;
        std::vector<qbt_member> members;
    };
    std::shared_ptr<Node> node_;
};

}  // namespace qbt_test
