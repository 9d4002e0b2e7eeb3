// The operators this plugin provides, one family per source file; entry.cpp lists them.
#pragma once

#include <qbt/condition.h>
#include <qbt/cpp/host.hpp>

namespace qbt::core_operators {

// The host given to init(), for logging (empty until init()).
qbt::sdk::Host& plugin_host();

extern const qbt_condition_operator equals_operator;        // ==            equality.cpp
extern const qbt_condition_operator not_equals_operator;    // !=
extern const qbt_condition_operator contains_operator;      // contains      text.cpp
extern const qbt_condition_operator not_contains_operator;  // not_contains
extern const qbt_condition_operator matches_operator;       // matches       regex.cpp
extern const qbt_condition_operator in_operator;            // in            membership.cpp
extern const qbt_condition_operator not_in_operator;        // not_in
extern const qbt_condition_operator greater_operator;       // >             numeric.cpp
extern const qbt_condition_operator less_operator;          // <
extern const qbt_condition_operator greater_equal_operator; // >=
extern const qbt_condition_operator less_equal_operator;    // <=
extern const qbt_condition_operator older_than_operator;    // older_than    time.cpp
extern const qbt_condition_operator newer_than_operator;    // newer_than
extern const qbt_condition_operator larger_than_operator;   // larger_than   size.cpp
extern const qbt_condition_operator smaller_than_operator;  // smaller_than

}  // namespace qbt::core_operators
