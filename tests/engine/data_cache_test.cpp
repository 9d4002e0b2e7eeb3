// DataCache: each answer is parsed as it arrives (request_each) and kept compactly; what
// the rules see must equal what the former whole-document parse kept, and failures are
// reported in request order whatever order the answers come in.
#include "engine/data_cache.hpp"
#include "engine/torrent_store.hpp"
#include "fake_web_api.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

using namespace qbt;
using namespace qbt::engine;
using namespace qbt::testing;

namespace {

std::string json_of(const rapidjson::Value& value) {
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> writer(out);
    value.Accept(writer);
    return out.GetString();
}

// The answers of request_many handed over last-first, as a concurrent client may.
class ReversingWebApi : public FakeWebApi {
public:
    size_t skip = SIZE_MAX;  // an index never handed over
    void request_each(const std::vector<webapi::Request>& requests, const AnswerSink& on_answer) override {
        std::vector<webapi::Response> responses = request_many(requests);
        for (size_t i = responses.size(); i-- > 0;)
            if (i != skip) on_answer(i, std::move(responses[i]));
    }
};

const char* kTrackers =
    R"([{"url":"** [DHT] **","status":2,"tier":-1,"num_peers":0,"num_seeds":0,"num_leeches":0,"num_downloaded":0,"msg":""},)"
    R"({"url":"** [PeX] **","status":2,"tier":-1,"num_peers":0,"num_seeds":0,"num_leeches":0,"num_downloaded":0,"msg":""},)"
    R"({"url":"** [LSD] **","status":2,"tier":-1,"num_peers":0,"num_seeds":0,"num_leeches":0,"num_downloaded":0,"msg":""},)"
    R"({"url":"http://127.0.0.1:6969/announce?passkey=a-long-passkey-string","status":4,"tier":0,"num_peers":3,)"
    R"("num_seeds":-1,"num_leeches":2,"num_downloaded":7,"msg":"unregistered torrent","extra":{"nested":[1,2.5,null,true]}},)"
    R"({"url":"udp://127.0.0.1:1337","status":1,"tier":1,"num_peers":0,"num_seeds":0,"num_leeches":0,"num_downloaded":0,"msg":""}])";

const char* kPeers =
    R"({"full_update":true,"rid":1,"peers":{"127.0.0.1:6881":{"client":"qBittorrent/4.5.2","progress":0.5,"flags":"D X"},)"
    R"("127.0.0.2:51413":{"client":"Transmission 3.00 with a long client name","progress":1,"flags":"U"}}})";

const char* kProperties = R"({"save_path":"/data/some/long/save/path/","comment":"c","piece_size":4194304,"is_private":true})";

const char* kFiles = R"([{"name":"dir/a file with a long name.mkv","size":123456789,"progress":1,"priority":1},)"
                     R"({"name":"b","size":1,"progress":0,"priority":0}])";

// What the former DataCache::store kept: the whole answer, reshaped the same way.
rapidjson::Document old_representation(Space space, const char* body) {
    rapidjson::Document doc;
    doc.Parse(body);
    rapidjson::Document kept;
    kept.SetArray();
    if (space == Space::Trackers) {
        for (auto& row : doc.GetArray()) {
            std::string url = row["url"].GetString();
            if (!url.starts_with("** [")) kept.PushBack(rapidjson::Value(row, kept.GetAllocator()), kept.GetAllocator());
        }
    } else if (space == Space::Peers) {
        for (auto& m : doc["peers"].GetObject())
            kept.PushBack(rapidjson::Value(m.value, kept.GetAllocator()), kept.GetAllocator());
    } else {
        kept.CopyFrom(doc, kept.GetAllocator());
    }
    return kept;
}

class DataCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (int n = 0; n < 3; ++n) api.add_torrent(R"({"hash":")" + fake_hash(n) + R"(","name":"t)" + std::to_string(n) + "\"}");
        store.load(api.request({"GET", "torrents/info", "", ""}).body);
    }
    ReversingWebApi api;
    TorrentStore store;
};

}  // namespace

TEST_F(DataCacheTest, EverySpaceKeepsExactlyWhatTheWholeAnswerParseKept) {
    api.set("torrents/trackers", fake_hash(0), kTrackers);
    api.set("sync/torrentPeers", fake_hash(0), kPeers);
    api.set("torrents/properties", fake_hash(0), kProperties);
    api.set("torrents/files", fake_hash(0), kFiles);
    DataCache cache(api, store);
    const std::vector<std::pair<Space, const char*>> spaces = {
        {Space::Trackers, kTrackers}, {Space::Peers, kPeers}, {Space::Properties, kProperties}, {Space::Files, kFiles}};
    std::vector<FetchNeed> needs;
    for (auto [space, body] : spaces) needs.push_back({0, space});
    EXPECT_TRUE(cache.fetch(needs).empty());
    for (auto [space, body] : spaces) {
        ASSERT_EQ(cache.state(0, space), SlotState::Ready);
        rapidjson::Document expected = old_representation(space, body);
        EXPECT_TRUE(cache.value(0, space) == expected)
            << json_of(cache.value(0, space)) << "\n  expected " << json_of(expected);
    }
    EXPECT_EQ(cache.value(0, Space::Trackers).Size(), 2u);  // DHT, PeX and LSD are not trackers
    EXPECT_EQ(cache.value(0, Space::Peers).Size(), 2u);
}

TEST_F(DataCacheTest, ValuesOutliveTheParseOfLaterAnswers) {
    // Each answer is parsed in a scratch pool that the next answer reuses: kept values must
    // not point into it.
    for (int n = 0; n < 3; ++n) api.set("torrents/trackers", fake_hash(n), kTrackers);
    DataCache cache(api, store);
    EXPECT_TRUE(cache.fetch({{0, Space::Trackers}, {1, Space::Trackers}, {2, Space::Trackers}}).empty());
    rapidjson::Document expected = old_representation(Space::Trackers, kTrackers);
    for (size_t t = 0; t < 3; ++t) EXPECT_TRUE(cache.value(t, Space::Trackers) == expected) << t;
    EXPECT_EQ(std::string(cache.value(2, Space::Trackers)[0]["msg"].GetString()), "unregistered torrent");
}

TEST_F(DataCacheTest, FailuresComeInRequestOrderWhateverOrderTheAnswersArriveIn) {
    api.fail("torrents/trackers", fake_hash(0));
    api.set("torrents/trackers", fake_hash(1), kTrackers);
    api.set("torrents/trackers", fake_hash(2), "{not json");
    DataCache cache(api, store);
    std::vector<std::string> failures = cache.fetch({{0, Space::Trackers}, {1, Space::Trackers}, {2, Space::Trackers}});
    ASSERT_EQ(failures.size(), 2u);
    EXPECT_EQ(failures[0], "torrents/trackers for " + fake_hash(0) + ": HTTP 500");
    EXPECT_EQ(failures[1].rfind("torrents/trackers for " + fake_hash(2) + ": invalid JSON", 0), 0u) << failures[1];
    EXPECT_EQ(cache.state(0, Space::Trackers), SlotState::Failed);
    EXPECT_EQ(cache.state(1, Space::Trackers), SlotState::Ready);
    EXPECT_EQ(cache.state(2, Space::Trackers), SlotState::Failed);
}

TEST_F(DataCacheTest, AnAnswerNeverHandedOverIsAFailure) {
    api.skip = 1;
    DataCache cache(api, store);
    std::vector<std::string> failures = cache.fetch({{0, Space::Files}, {1, Space::Files}, {2, Space::Files}});
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(failures[0], "torrents/files for " + fake_hash(1) + ": no answer");
    EXPECT_EQ(cache.state(1, Space::Files), SlotState::Failed);
    EXPECT_EQ(cache.state(0, Space::Files), SlotState::Ready);
}

TEST_F(DataCacheTest, AnAnswerOfTheWrongShapeIsRefused) {
    api.set("torrents/files", fake_hash(0), R"({"name":"x"})");
    api.set("torrents/properties", fake_hash(1), "[1,2]");
    DataCache cache(api, store);
    std::vector<std::string> failures = cache.fetch({{0, Space::Files}, {1, Space::Properties}});
    ASSERT_EQ(failures.size(), 2u);
    EXPECT_EQ(failures[0], "torrents/files for " + fake_hash(0) + ": expected a JSON array");
    EXPECT_EQ(failures[1], "torrents/properties for " + fake_hash(1) + ": expected a JSON object");
}

TEST_F(DataCacheTest, MaindataTrackerUrlsGiveEachTorrentItsUrls) {
    api.set("torrents/trackers", fake_hash(0), kTrackers);
    api.set("torrents/trackers", fake_hash(2), R"([{"url":"http://127.0.0.1:1/a"}])");
    DataCache cache(api, store);
    cache.allow_maindata_tracker_urls(true);
    EXPECT_TRUE(cache.fetch({{0, Space::Trackers}, {1, Space::Trackers}, {2, Space::Trackers}}).empty());
    EXPECT_EQ(api.count("sync/maindata"), 1u);
    EXPECT_EQ(api.count("torrents/trackers"), 0u);
    std::vector<std::string> urls;
    for (auto& row : cache.value(0, Space::Trackers).GetArray()) urls.push_back(row["url"].GetString());
    std::sort(urls.begin(), urls.end());
    EXPECT_EQ(urls, (std::vector<std::string>{"http://127.0.0.1:6969/announce?passkey=a-long-passkey-string",
                                              "udp://127.0.0.1:1337"}));
    EXPECT_EQ(cache.value(1, Space::Trackers).Size(), 0u);
    ASSERT_EQ(cache.value(2, Space::Trackers).Size(), 1u);
    EXPECT_STREQ(cache.value(2, Space::Trackers)[0]["url"].GetString(), "http://127.0.0.1:1/a");
}
