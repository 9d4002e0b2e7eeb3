// Cron parsing (every syntax form, every error) and next-slot computation, in UTC and in
// a zone with DST (a POSIX TZ string: no tzdata needed).
#include "schedule/cron.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>

using ::testing::HasSubstr;

namespace qbt::schedule {
namespace {

class TimeZone {
public:
    explicit TimeZone(const char* tz) {
        if (const char* old = std::getenv("TZ")) saved_ = old, had_ = true;
        setenv("TZ", tz, 1);
        tzset();
    }
    ~TimeZone() {
        if (had_) setenv("TZ", saved_.c_str(), 1);
        else unsetenv("TZ");
        tzset();
    }

private:
    std::string saved_;
    bool had_ = false;
};

// "2024-01-15 10:07:30" (UTC) <-> time_t.
std::time_t utc(const char* text) {
    std::tm tm{};
    EXPECT_NE(strptime(text, "%Y-%m-%d %H:%M:%S", &tm), nullptr) << text;
    return timegm(&tm);
}
std::string show(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}
std::string next(const char* cron, const char* after) { return show(next_slot(parse_cron(cron), utc(after))); }

std::string error_of(const char* cron) {
    try {
        parse_cron(cron);
    } catch (const CronError& e) {
        return e.what();
    }
    return "(no error)";
}

struct NextCase {
    const char* cron;
    const char* after;
    const char* expected;
};

TEST(Cron, NextSlotForEverySyntaxForm) {
    TimeZone zone("UTC0");
    const NextCase cases[] = {
        {"* * * * *", "2024-01-15 10:00:30", "2024-01-15 10:01:00"},
        {"* * * * *", "2024-01-15 10:00:00", "2024-01-15 10:01:00"},  // strictly after
        {"*/30 * * * *", "2024-01-15 10:07:00", "2024-01-15 10:30:00"},
        {"*/30 * * * *", "2024-01-15 10:30:00", "2024-01-15 11:00:00"},
        {"0 3 * * *", "2024-01-15 03:00:00", "2024-01-16 03:00:00"},
        {"5,35 8-10 * * *", "2024-01-15 10:35:00", "2024-01-16 08:05:00"},
        {"5,35 8-10 * * *", "2024-01-15 08:06:00", "2024-01-15 08:35:00"},
        {"0 8-18/2 * * *", "2024-01-15 09:00:00", "2024-01-15 10:00:00"},
        {"0 8-18/2 * * *", "2024-01-15 18:00:00", "2024-01-16 08:00:00"},
        {"10/20 * * * *", "2024-01-15 10:31:00", "2024-01-15 10:50:00"},  // a/n: from a to the end
        {"10/20 * * * *", "2024-01-15 10:50:00", "2024-01-15 11:10:00"},
        {"0 0 1 jan *", "2024-03-01 00:00:00", "2025-01-01 00:00:00"},
        {"0 0 1 JAN-mar *", "2024-01-01 00:00:00", "2024-02-01 00:00:00"},
        {"0 12 * * mon-fri", "2024-01-13 12:00:00", "2024-01-15 12:00:00"},  // Saturday -> Monday
        {"0 12 * * 7", "2024-01-15 00:00:00", "2024-01-21 12:00:00"},  // 7 = Sunday
        {"0 12 * * 0", "2024-01-15 00:00:00", "2024-01-21 12:00:00"},
        {"0 12 * * sun", "2024-01-15 00:00:00", "2024-01-21 12:00:00"},
        {"0 0 13 * *", "2024-01-14 00:00:00", "2024-02-13 00:00:00"},
        // Both restricted: the 13th OR a Friday (Vixie cron). 2024-01-19 is a Friday.
        {"0 0 13 * fri", "2024-01-14 00:00:00", "2024-01-19 00:00:00"},
        {"0 0 13 * fri", "2024-02-10 00:00:00", "2024-02-13 00:00:00"},
        {"0 0 29 2 *", "2024-03-01 00:00:00", "2028-02-29 00:00:00"},
        {"0 0 31 * *", "2024-04-01 00:00:00", "2024-05-31 00:00:00"},  // April has no 31st
        {"59 23 31 12 *", "2024-12-31 23:58:59", "2024-12-31 23:59:00"},
        {"  0   6  *  *  * ", "2024-01-15 07:00:00", "2024-01-16 06:00:00"},  // extra blanks
    };
    for (const auto& c : cases) EXPECT_EQ(next(c.cron, c.after), c.expected) << c.cron << " after " << c.after;
}

TEST(Cron, SlotsAreInTheLocalTimeZone) {
    TimeZone zone("CET-1CEST,M3.5.0,M10.5.0/3");  // Central Europe: UTC+1, summer UTC+2
    EXPECT_EQ(next("0 3 * * *", "2024-01-10 00:00:00"), "2024-01-10 02:00:00");  // 03:00 CET
    EXPECT_EQ(next("0 3 * * *", "2024-07-10 00:00:00"), "2024-07-10 01:00:00");  // 03:00 CEST
}

TEST(Cron, DaylightSavingChanges) {
    TimeZone zone("CET-1CEST,M3.5.0,M10.5.0/3");
    // 2024-03-31: 02:00 CET jumps to 03:00 CEST. 02:30 does not exist: it runs at the
    // shifted time mktime gives it (03:30 CEST = 01:30 UTC), once.
    EXPECT_EQ(next("30 2 * * *", "2024-03-30 23:00:00"), "2024-03-31 01:30:00");
    EXPECT_EQ(next("30 2 * * *", "2024-03-31 01:30:00"), "2024-04-01 00:30:00");
    // 2024-10-27: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice, runs once.
    const std::time_t first = next_slot(parse_cron("30 2 * * *"), utc("2024-10-26 23:00:00"));
    const std::time_t after = next_slot(parse_cron("30 2 * * *"), first);
    EXPECT_GT(after - first, 23 * 3600) << show(first) << " then " << show(after);
}

TEST(Cron, ErrorsNameTheFieldAndTheProblem) {
    EXPECT_THAT(error_of("61 * * * *"), HasSubstr("minute field '61': 61 is out of range 0-59"));
    EXPECT_THAT(error_of("* 24 * * *"), HasSubstr("hour field '24': 24 is out of range 0-23"));
    EXPECT_THAT(error_of("* * 0 * *"), HasSubstr("day-of-month field '0': 0 is out of range 1-31"));
    EXPECT_THAT(error_of("* * * 13 *"), HasSubstr("month field '13'"));
    EXPECT_THAT(error_of("* * * * 8"), HasSubstr("day-of-week field '8'"));
    EXPECT_THAT(error_of("* * * foo *"), HasSubstr("'foo' is not a number or a name"));
    EXPECT_THAT(error_of("x * * * *"), HasSubstr("minute field 'x': 'x' is not a number"));
    EXPECT_THAT(error_of("*/0 * * * *"), HasSubstr("step '0' must be a whole number of at least 1"));
    EXPECT_THAT(error_of("*/x * * * *"), HasSubstr("step 'x'"));
    EXPECT_THAT(error_of("5-1 * * * *"), HasSubstr("range 5-1 goes backwards"));
    EXPECT_THAT(error_of("1,,2 * * * *"), HasSubstr("empty list item"));
    EXPECT_THAT(error_of("1- * * * *"), HasSubstr("empty value"));
    EXPECT_THAT(error_of("* * * *"), HasSubstr("has 4 fields; a cron expression has 5"));
    EXPECT_THAT(error_of("* * * * * *"), HasSubstr("has 6 fields"));
    EXPECT_THAT(error_of(""), HasSubstr("has 0 fields"));
    EXPECT_THAT(error_of("@daily"), HasSubstr("has 1 fields"));
}

TEST(Cron, AnExpressionThatNeverFiresIsAnErrorNotALoop) {
    TimeZone zone("UTC0");
    const CronExpr never = parse_cron("0 0 30 2 *");
    try {
        next_slot(never, utc("2024-01-01 00:00:00"));
        FAIL() << "30 February has a slot?";
    } catch (const CronError& e) {
        EXPECT_THAT(e.what(), HasSubstr("never fires"));
    }
}

TEST(Cron, ParsedSetsAreExact) {
    const CronExpr c = parse_cron("0-10/5,30 */6 1,15 */3 mon,wed-fri");
    EXPECT_EQ(c.minutes.count(), 4u);  // 0 5 10 30
    EXPECT_TRUE(c.minutes[0] && c.minutes[5] && c.minutes[10] && c.minutes[30]);
    EXPECT_EQ(c.hours.count(), 4u);  // 0 6 12 18
    EXPECT_EQ(c.days_of_month.count(), 2u);
    EXPECT_EQ(c.months.count(), 4u);  // 1 4 7 10
    EXPECT_TRUE(c.months[1] && c.months[4] && c.months[7] && c.months[10]);
    EXPECT_EQ(c.days_of_week.count(), 4u);  // 1 3 4 5
    EXPECT_FALSE(c.days_of_week[0]);
    EXPECT_TRUE(c.dom_restricted);
    EXPECT_TRUE(c.dow_restricted);
    const CronExpr star = parse_cron("* * * * *");
    EXPECT_EQ(star.days_of_week.count(), 7u);
    EXPECT_FALSE(star.dom_restricted);
}

}  // namespace
}  // namespace qbt::schedule
