// execute(): one batched POST per chunk, the right endpoint and form per action and
// Web API version, and per-chunk failures.
#include "unit_fixture.hpp"

#include <gmock/gmock.h>

using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace qbt::testing {

namespace {
Torrents many(int n, std::string_view info = R"({"state":"uploading","progress":1})") {
    Torrents t;
    for (int i = 0; i < n; ++i) {
        char buf[41];
        std::snprintf(buf, sizeof buf, "%040x", i + 1);
        t.add(buf, info);
    }
    return t;
}
std::string joined_hashes(Torrents& t, size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to; ++i) {
        if (i > from) out += '|';
        out += std::string(t[i].hash.data, t[i].hash.size);
    }
    return out;
}
}  // namespace

TEST_F(ActionsUnit, ThreeHundredTorrentsGoInTwoChunkedCalls) {
    auto stop = compile("stop");
    Torrents t = many(300);
    auto r = run(*stop, t);
    ASSERT_EQ(r.rc, QBT_OK) << r.error;
    EXPECT_THAT(r.results, Each(QBT_OK));
    ASSERT_EQ(host.calls.size(), 2u);
    for (const auto& c : host.calls) {
        EXPECT_EQ(c.method, "POST");
        EXPECT_EQ(c.endpoint, "torrents/pause");
        EXPECT_LT(c.form.size(), 10000u);
    }
    EXPECT_EQ(decode_form(host.calls[0].form).at("hashes"), joined_hashes(t, 0, 200));
    EXPECT_EQ(decode_form(host.calls[1].form).at("hashes"), joined_hashes(t, 200, 300));
}

TEST_F(ActionsUnit, StopAndStartEndpointsFollowTheWebApiVersion) {
    Torrents t = many(3);
    host.version = {2, 8, 19};
    run(*compile("stop"), t);
    run(*compile("resume"), t);
    host.version = {2, 11, 2};
    run(*compile("pause"), t);
    run(*compile("start"), t);
    host.version = {2, 10, 4};  // 5.0 betas before the rename
    run(*compile("stop"), t);
    std::vector<std::string> endpoints;
    for (const auto& c : host.calls) endpoints.push_back(c.endpoint);
    EXPECT_THAT(endpoints, ElementsAre("torrents/pause", "torrents/resume", "torrents/stop", "torrents/start",
                                       "torrents/pause"));
}

TEST_F(ActionsUnit, NonSuccessStatusFailsOnlyThatChunk) {
    int n = 0;
    host.status_for = [&](const RecordedCall&) { return ++n == 2 ? 500 : 200; };  // second chunk fails
    Torrents t = many(300);
    auto r = run(*compile("recheck"), t);
    ASSERT_EQ(r.rc, QBT_OK);
    EXPECT_EQ(host.calls.size(), 2u);
    for (size_t i = 0; i < 300; ++i) EXPECT_EQ(r.results[i], i < 200 ? QBT_OK : QBT_E_IO) << i;
    EXPECT_TRUE(host.logged("HTTP 500")) << "status missing from the log";
    EXPECT_TRUE(host.logged("100 torrent(s) failed"));
}

TEST_F(ActionsUnit, NoResponseFailsTheWholeBatchWithTheReason) {
    host.unreachable = true;
    Torrents t = many(2);
    auto r = run(*compile("reannounce"), t);
    EXPECT_EQ(r.rc, QBT_E_UNAVAILABLE);
    EXPECT_THAT(r.error, HasSubstr("connection refused"));
}

TEST_F(ActionsUnit, FormFieldsOfEachAction) {
    Torrents t = many(2);
    struct Case {
        const char* action;
        const char* params;
        const char* endpoint;
        std::map<std::string, std::string> fields;  // besides hashes
    };
    const Case cases[] = {
        {"force_start", "{}", "torrents/setForceStart", {{"value", "true"}}},
        {"force_start", R"({"value": false})", "torrents/setForceStart", {{"value", "false"}}},
        {"recheck", "{}", "torrents/recheck", {}},
        {"reannounce", "{}", "torrents/reannounce", {}},
        {"add_tag", R"({"tags": ["a b", "x&y"]})", "torrents/addTags", {{"tags", "a b,x&y"}}},
        {"remove_tag", R"({"tags": " old "})", "torrents/removeTags", {{"tags", "old"}}},
        {"set_category", R"({"category": "TV Shows/HD"})", "torrents/setCategory", {{"category", "TV Shows/HD"}}},
        {"set_category", R"({"category": ""})", "torrents/setCategory", {{"category", ""}}},
        {"set_upload_limit", R"({"limit": "1 MiB"})", "torrents/setUploadLimit", {{"limit", "1048576"}}},
        {"set_upload_limit", R"({"limit": 0})", "torrents/setUploadLimit", {{"limit", "-1"}}},
        {"set_download_limit", R"({"limit": 512000})", "torrents/setDownloadLimit", {{"limit", "512000"}}},
        {"set_download_limit", R"({"limit": "500 kB"})", "torrents/setDownloadLimit", {{"limit", "500000"}}},
    };
    for (const auto& c : cases) {
        host.reset();
        auto r = run(*compile(c.action, c.params), t);
        ASSERT_EQ(r.rc, QBT_OK) << c.action << " " << r.error;
        ASSERT_EQ(host.calls.size(), 1u) << c.action << " " << c.params;
        EXPECT_EQ(host.calls[0].endpoint, c.endpoint) << c.action;
        auto form = decode_form(host.calls[0].form);
        EXPECT_EQ(form.at("hashes"), joined_hashes(t, 0, 2));
        form.erase("hashes");
        EXPECT_EQ(form, c.fields) << c.action << " " << c.params;
    }
    // Values are percent-encoded on the wire ('/', ' ' and '|' included).
    host.reset();
    run(*compile("set_category", R"({"category": "TV Shows/HD"})"), t);
    EXPECT_THAT(host.calls[0].form, HasSubstr("category=TV%20Shows%2FHD"));
    EXPECT_THAT(host.calls[0].form, HasSubstr("%7C"));
}

TEST_F(ActionsUnit, ShareLimitsSendWhatTheServerVersionKnows) {
    Torrents t = many(1);
    auto limits = compile("set_share_limits", R"({"ratio": 1.5, "inactive_seeding_time": "2h", "action": "remove"})");
    auto fields_at = [&](qbt_api_version v) {
        host.reset();
        host.version = v;
        EXPECT_EQ(run(*limits, t).rc, QBT_OK);
        EXPECT_EQ(host.calls.size(), 1u);
        EXPECT_EQ(host.calls[0].endpoint, "torrents/setShareLimits");
        auto form = decode_form(host.calls[0].form);
        form.erase("hashes");
        return form;
    };
    using Form = std::map<std::string, std::string>;
    EXPECT_EQ(fields_at({2, 8, 19}), (Form{{"ratioLimit", "1.5"}, {"seedingTimeLimit", "-2"}}));
    EXPECT_TRUE(host.logged("'inactive_seeding_time' needs qBittorrent 4.6"));
    EXPECT_TRUE(host.logged("'action' needs qBittorrent 5.2"));
    EXPECT_EQ(fields_at({2, 9, 2}),
              (Form{{"ratioLimit", "1.5"}, {"seedingTimeLimit", "-2"}, {"inactiveSeedingTimeLimit", "120"}}));
    EXPECT_EQ(fields_at({2, 11, 2}),
              (Form{{"ratioLimit", "1.5"}, {"seedingTimeLimit", "-2"}, {"inactiveSeedingTimeLimit", "120"}}));
    EXPECT_EQ(fields_at({2, 12, 0}), (Form{{"ratioLimit", "1.5"},
                                           {"seedingTimeLimit", "-2"},
                                           {"inactiveSeedingTimeLimit", "120"},
                                           {"shareLimitAction", "Remove"}}));
    EXPECT_EQ(fields_at({2, 15, 3}), (Form{{"ratioLimit", "1.5"},
                                           {"seedingTimeLimit", "-2"},
                                           {"inactiveSeedingTimeLimit", "120"},
                                           {"shareLimitAction", "Remove"},
                                           {"shareLimitsMode", "Default"}}));
}

TEST_F(ActionsUnit, MissingCategoryIsCreatedThenSetAgain) {
    int set_calls = 0;
    host.status_for = [&](const RecordedCall& c) {
        if (c.endpoint == "torrents/setCategory") return ++set_calls == 1 ? 409 : 200;
        return 200;
    };
    Torrents t = many(2);
    auto r = run(*compile("set_category", R"({"category": "new cat"})"), t);
    ASSERT_EQ(r.rc, QBT_OK);
    EXPECT_THAT(r.results, Each(QBT_OK));
    std::vector<std::string> endpoints;
    for (const auto& c : host.calls) endpoints.push_back(c.endpoint);
    EXPECT_THAT(endpoints, ElementsAre("torrents/setCategory", "torrents/createCategory", "torrents/setCategory"));
    EXPECT_EQ(decode_form(host.calls[1].form).at("category"), "new cat");

    // Already existing (create answers 409) still retries; a second 409 fails the chunk.
    host.reset();
    host.status_for = [](const RecordedCall&) { return 409; };
    r = run(*compile("set_category", R"({"category": "bad"})"), t);
    ASSERT_EQ(r.rc, QBT_OK);
    EXPECT_THAT(r.results, Each(QBT_E_IO));
    EXPECT_EQ(host.calls.size(), 3u);
    EXPECT_TRUE(host.logged("HTTP 409"));
}

TEST_F(ActionsUnit, SetTagsRemovesUnlistedThenAddsListed) {
    Torrents t;
    t.add(hash(1), R"({"tags":"keep, old"})").add(hash(2), R"({"tags":"other"})").add(hash(3), R"({"tags":""})");
    auto r = run(*compile("set_tags", R"({"tags": ["keep", "new"]})"), t);
    ASSERT_EQ(r.rc, QBT_OK);
    ASSERT_EQ(host.calls.size(), 2u);
    EXPECT_EQ(host.calls[0].endpoint, "torrents/removeTags");
    EXPECT_EQ(decode_form(host.calls[0].form).at("tags"), "old,other");
    EXPECT_EQ(host.calls[1].endpoint, "torrents/addTags");
    EXPECT_EQ(decode_form(host.calls[1].form).at("tags"), "keep,new");

    // Nothing to remove: only addTags; empty list: only removeTags (never an empty tags=).
    host.reset();
    Torrents plain;
    plain.add(hash(4), R"({"tags":"keep"})");
    run(*compile("set_tags", R"({"tags": ["keep", "new"]})"), plain);
    ASSERT_EQ(host.calls.size(), 1u);
    EXPECT_EQ(host.calls[0].endpoint, "torrents/addTags");
    host.reset();
    run(*compile("set_tags", R"({"tags": []})"), plain);
    ASSERT_EQ(host.calls.size(), 1u);
    EXPECT_EQ(host.calls[0].endpoint, "torrents/removeTags");
    EXPECT_EQ(decode_form(host.calls[0].form).at("tags"), "keep");
}

}  // namespace qbt::testing
