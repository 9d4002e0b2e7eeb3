#include "schedule/cron.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <vector>

namespace qbt::schedule {
namespace {

struct FieldSpec {
    const char* name;
    int min;
    int max;
    const char* const* names;  // names[i] means min + i; nullptr when none
};

const char* const kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                   "jul", "aug", "sep", "oct", "nov", "dec"};
const char* const kDayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// Day-of-week allows 7 (Sunday) on input; it is folded to 0 afterwards.
const FieldSpec kFields[5] = {
    {"minute", 0, 59, nullptr},
    {"hour", 0, 23, nullptr},
    {"day-of-month", 1, 31, nullptr},
    {"month", 1, 12, kMonthNames},
    {"day-of-week", 0, 7, kDayNames},
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

[[noreturn]] void fail(const FieldSpec& f, std::string_view field, const std::string& what) {
    throw CronError(std::string(f.name) + " field '" + std::string(field) + "': " + what);
}

int value_of(const FieldSpec& f, std::string_view field, std::string_view token) {
    if (token.empty()) fail(f, field, "empty value");
    if (f.names) {
        const std::string word = lower(token);
        const int count = f.max == 7 ? 7 : 12;
        for (int i = 0; i < count; ++i)
            if (word == f.names[i]) return f.min + i;
    }
    int value = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec != std::errc() || end != token.data() + token.size())
        fail(f, field, "'" + std::string(token) + "' is not a number" + (f.names ? " or a name" : ""));
    if (value < f.min || value > f.max)
        fail(f, field, std::to_string(value) + " is out of range " + std::to_string(f.min) + "-" +
                           std::to_string(f.max));
    return value;
}

// Sets the bits of one comma-separated field; bits are indexed by value.
std::vector<bool> parse_field(const FieldSpec& f, std::string_view field) {
    std::vector<bool> bits(f.max + 1, false);
    size_t start = 0;
    while (start <= field.size()) {
        size_t comma = field.find(',', start);
        if (comma == std::string_view::npos) comma = field.size();
        std::string_view part = field.substr(start, comma - start);
        if (part.empty()) fail(f, field, "empty list item");
        int step = 1;
        bool stepped = false;
        if (auto slash = part.find('/'); slash != std::string_view::npos) {
            std::string_view step_text = part.substr(slash + 1);
            auto [end, ec] = std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
            if (ec != std::errc() || end != step_text.data() + step_text.size() || step < 1)
                fail(f, field, "step '" + std::string(step_text) + "' must be a whole number of at least 1");
            part = part.substr(0, slash);
            stepped = true;
        }
        int low = f.min, high = f.max;
        if (part == "*") {
            if (f.max == 7) high = 6;  // "*" for days of week: 0-6
        } else if (auto dash = part.find('-'); dash != std::string_view::npos) {
            low = value_of(f, field, part.substr(0, dash));
            high = value_of(f, field, part.substr(dash + 1));
            if (low > high)
                fail(f, field, "range " + std::string(part) + " goes backwards (wrap-around ranges are not supported)");
        } else {
            low = value_of(f, field, part);
            high = stepped ? (f.max == 7 ? 6 : f.max) : low;  // "a/n": from a to the end
        }
        for (int v = low; v <= high; v += step) bits[v] = true;
        start = comma + 1;
    }
    return bits;
}

template <size_t N>
std::bitset<N> to_bitset(const std::vector<bool>& bits) {
    std::bitset<N> out;
    for (size_t i = 0; i < bits.size() && i < N; ++i) out[i] = bits[i];
    return out;
}

std::vector<std::string_view> split_blanks(std::string_view text) {
    std::vector<std::string_view> parts;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        size_t start = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (i > start) parts.push_back(text.substr(start, i - start));
    }
    return parts;
}

}  // namespace

bool CronExpr::matches_day(const std::tm& local) const {
    if (!months[local.tm_mon + 1]) return false;
    const bool dom = days_of_month[local.tm_mday];
    const bool dow = days_of_week[local.tm_wday];
    if (dom_restricted && dow_restricted) return dom || dow;
    return dom && dow;
}

CronExpr parse_cron(std::string_view text) {
    const auto fields = split_blanks(text);
    if (fields.size() != 5)
        throw CronError("'" + std::string(text) + "' has " + std::to_string(fields.size()) +
                        " fields; a cron expression has 5: minute hour day-of-month month day-of-week");
    CronExpr cron;
    cron.text = std::string(text);
    cron.minutes = to_bitset<60>(parse_field(kFields[0], fields[0]));
    cron.hours = to_bitset<24>(parse_field(kFields[1], fields[1]));
    cron.days_of_month = to_bitset<32>(parse_field(kFields[2], fields[2]));
    cron.months = to_bitset<13>(parse_field(kFields[3], fields[3]));
    auto dow = parse_field(kFields[4], fields[4]);
    if (dow[7]) dow[0] = true;
    cron.days_of_week = to_bitset<7>(dow);
    cron.dom_restricted = fields[2].front() != '*';
    cron.dow_restricted = fields[4].front() != '*';
    return cron;
}

std::time_t next_slot(const CronExpr& cron, std::time_t after) {
    std::tm day{};
    localtime_r(&after, &day);
    day.tm_sec = 0;
    day.tm_min = 0;
    day.tm_hour = 0;
    for (int d = 0; d < 5 * 366 + 2; ++d) {
        std::tm probe = day;
        probe.tm_mday += d;
        probe.tm_hour = 12;  // noon: normalising never lands on another day across DST
        probe.tm_isdst = -1;
        if (std::mktime(&probe) == -1) continue;
        if (!cron.matches_day(probe)) continue;
        for (int h = 0; h < 24; ++h) {
            if (!cron.hours[h]) continue;
            for (int m = 0; m < 60; ++m) {
                if (!cron.minutes[m]) continue;
                std::tm slot = probe;
                slot.tm_hour = h;
                slot.tm_min = m;
                slot.tm_sec = 0;
                slot.tm_isdst = -1;
                const std::time_t t = std::mktime(&slot);
                if (t != -1 && t > after) return t;
            }
        }
    }
    throw CronError("'" + cron.text + "' never fires (no matching date within 5 years)");
}

}  // namespace qbt::schedule
