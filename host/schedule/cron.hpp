// Standard 5-field cron expressions: minute hour day-of-month month day-of-week.
// Each field: "*", a number, a range "a-b", a step "*/n" or "a-b/n" or "a/n" (a to the
// field's end), and comma lists of those. Months accept jan..dec and days sun..sat
// (case-insensitive); day-of-week 7 is Sunday too. When both day-of-month and day-of-week
// are restricted (neither starts with "*"), a day matches if EITHER matches (Vixie cron).
//
// Times are in the process's local time zone (TZ). Across a DST change: a slot in the
// skipped hour fires at the shifted time mktime() gives it; a slot in the repeated hour
// fires once.
#pragma once

#include <bitset>
#include <ctime>
#include <stdexcept>
#include <string>
#include <string_view>

namespace qbt::schedule {

class CronError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

struct CronExpr {
    std::bitset<60> minutes;
    std::bitset<24> hours;
    std::bitset<32> days_of_month;  // 1..31
    std::bitset<13> months;         // 1..12
    std::bitset<7> days_of_week;    // 0..6, Sunday = 0
    bool dom_restricted = false;
    bool dow_restricted = false;
    std::string text;

    bool matches_day(const std::tm& local) const;  // month + day rules
};

// Throws CronError naming the field and the bad part, e.g.
// "minute field '61': 61 is out of range 0-59".
CronExpr parse_cron(std::string_view text);

// The first slot strictly after `after` (seconds since the epoch), local time; throws
// CronError when none exists within 5 years (e.g. "0 0 30 2 *").
std::time_t next_slot(const CronExpr& cron, std::time_t after);

}  // namespace qbt::schedule
