// Pure pieces of the server: decoding, validation, key checks, log redaction.
#include "server/access_log.hpp"
#include "server/auth.hpp"
#include "server/params.hpp"
#include "server/stage_histogram.hpp"
#include "server/validation.hpp"

#include <gtest/gtest.h>

using namespace qbt::server;

TEST(PercentDecode, DecodesEscapesAndPlus) {
    EXPECT_EQ(percent_decode("a%20b+c%2Bd%3a"), "a b c+d:");
    EXPECT_EQ(percent_decode("a+b", false), "a+b");
    EXPECT_EQ(percent_decode("%E2%9C%93"), "\xE2\x9C\x93");
}

TEST(PercentDecode, RejectsMalformedEscapes) {
    EXPECT_FALSE(percent_decode("%"));
    EXPECT_FALSE(percent_decode("abc%2"));
    EXPECT_FALSE(percent_decode("%zz"));
}

TEST(ParseForm, SplitsDecodesAndKeepsFirst) {
    const ParamMap params = parse_form("context=weekly%2Dcleanup&flag&hash=AB&context=second&&x=a+b");
    EXPECT_EQ(params.at("context"), "weekly-cleanup");
    EXPECT_EQ(params.at("flag"), "");
    EXPECT_EQ(params.at("hash"), "AB");
    EXPECT_EQ(params.at("x"), "a b");
}

TEST(ParseForm, MalformedEncodingNamesTheParameter) {
    try {
        parse_form("context=bad%2");
        FAIL() << "no error";
    } catch (const ParamError& e) {
        EXPECT_EQ(e.parameter(), "context");
        EXPECT_NE(std::string(e.what()).find("context"), std::string::npos);
    }
}

TEST(Validation, Context) {
    EXPECT_EQ(validate_context("weekly-cleanup.v2:a_b"), "weekly-cleanup.v2:a_b");
    EXPECT_EQ(validate_context(std::string(64, 'a')), std::string(64, 'a'));
    EXPECT_THROW(validate_context(""), ParamError);
    EXPECT_THROW(validate_context(std::string(65, 'a')), ParamError);
    EXPECT_THROW(validate_context("has space"), ParamError);
    EXPECT_THROW(validate_context("semi;colon"), ParamError);
}

TEST(Validation, HashIsLowerCased) {
    const std::string upper40(40, 'A');
    EXPECT_EQ(validate_hash(upper40), std::string(40, 'a'));
    EXPECT_EQ(validate_hash(std::string(64, '9')), std::string(64, '9'));
    EXPECT_THROW(validate_hash(std::string(39, 'a')), ParamError);
    EXPECT_THROW(validate_hash(std::string(40, 'g')), ParamError);
    EXPECT_THROW(validate_hash(std::string(50, 'a')), ParamError);
}

TEST(Validation, BoolsCountsStatuses) {
    for (const char* yes : {"true", "TRUE", "1", "yes", "Yes"}) EXPECT_TRUE(parse_bool("dry_run", yes));
    for (const char* no : {"false", "0", "no", "NO"}) EXPECT_FALSE(parse_bool("dry_run", no));
    EXPECT_THROW(parse_bool("dry_run", "maybe"), ParamError);
    EXPECT_EQ(parse_count("limit", "42"), 42u);
    for (const char* bad : {"-1", "1.5", "abc", "", "+3", "9999999999999999999"}) {
        EXPECT_THROW(parse_count("limit", bad), ParamError) << bad;
    }
    EXPECT_EQ(validate_status("cancelled"), "cancelled");
    EXPECT_THROW(validate_status("done"), ParamError);
}

TEST(Auth, ConstantTimeEquals) {
    EXPECT_TRUE(constant_time_equals("abc", "abc"));
    EXPECT_FALSE(constant_time_equals("abc", "abd"));
    EXPECT_FALSE(constant_time_equals("abc", "abcd"));
    EXPECT_FALSE(constant_time_equals("", "a"));
    EXPECT_TRUE(constant_time_equals("", ""));
}

TEST(Auth, KeySourcesAndAccess) {
    ParamMap query{{"api-key", "from-query"}};
    EXPECT_EQ(presented_key(std::nullopt, query), "from-query");
    EXPECT_EQ(presented_key(std::string("from-header"), query), "from-header");
    EXPECT_EQ(presented_key(std::nullopt, ParamMap{{"key", "k"}}), "k");
    EXPECT_EQ(presented_key(std::nullopt, ParamMap{}), std::nullopt);

    EXPECT_EQ(check_access(std::string("api"), "api", "trig"), Access::Full);
    EXPECT_EQ(check_access(std::string("trig"), "api", "trig"), Access::TriggerOnly);
    EXPECT_EQ(check_access(std::string("nope"), "api", "trig"), Access::Denied);
    EXPECT_EQ(check_access(std::nullopt, "api", "trig"), Access::Missing);
    EXPECT_EQ(check_access(std::string(""), "api", ""), Access::Denied);  // empty trigger key never matches
}

TEST(AccessLog, KeysAreNeverLogged) {
    const std::string url = loggable_url(
        "/api/execute", {{"context", "x"}, {"key", "secret1"}, {"api-key", "secret2"}, {"api%2Dkey", "secret3"}});
    EXPECT_EQ(url, "/api/execute?context=x");
    EXPECT_EQ(url.find("secret"), std::string::npos);
}

namespace {

// The committer's per-stage figures: percentiles within a bucket (±1/8) of the exact ones.
TEST(StageHistogram, PercentilesAreWithinOneBucketOfTheExactValues) {
    qbt::server::StageHistogram histogram;
    EXPECT_EQ(histogram.percentile(0.99), 0u);
    for (uint64_t v = 1; v <= 100000; ++v) histogram.record(v);
    EXPECT_EQ(histogram.count(), 100000u);
    for (const double q : {0.5, 0.9, 0.99, 0.999}) {
        const double exact = q * 100000;
        EXPECT_GE(static_cast<double>(histogram.percentile(q)), exact) << q;
        EXPECT_LE(static_cast<double>(histogram.percentile(q)), exact * 1.13) << q;
    }
    EXPECT_EQ(histogram.percentile(1.0), 100000u);
    histogram.record(5);
    EXPECT_EQ(histogram.max(), 100000u);
    histogram.reset();
    EXPECT_EQ(histogram.count(), 0u);
    histogram.record(3);
    EXPECT_EQ(histogram.percentile(0.5), 3u);
}

}  // namespace
