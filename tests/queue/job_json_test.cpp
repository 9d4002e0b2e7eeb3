// host/queue/job.hpp: the job's JSON form, ISO timestamps, job ids.
#include "queue/job.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <set>
#include <thread>
#include <vector>

namespace qbt::queue {
namespace {

rapidjson::Document parse(const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    return doc;
}

TEST(JobJson, AbsentFieldsAreNullAndSeedMembersArePresent) {
    Job job;
    job.job_id = "id-1";
    job.created_at = "2024-01-15T10:30:00.123456Z";
    auto doc = parse(to_json(job));
    ASSERT_TRUE(doc.IsObject());
    for (const char* key : {"context", "hash", "started_at", "completed_at", "result", "error", "worker"})
        EXPECT_TRUE(doc[key].IsNull()) << key;
    EXPECT_STREQ(doc["status"].GetString(), "pending");
    EXPECT_FALSE(doc["dry_run"].GetBool());
    EXPECT_EQ(doc["attempts"].GetInt(), 0);
}

// GET /api/jobs writes stored documents with write_job, straight from the parsed document:
// the same text as the round trip through a Job, and the audit left out unread.
TEST(JobJson, WriteJobEqualsTheRoundTripAndOmitsOneMember) {
    const std::vector<std::string> documents = {
        R"({"job_id":"a","context":"c","hash":"h","status":"completed","created_at":"2024-01-15T10:30:00.000001Z",)"
        R"("started_at":"2024-01-15T10:30:01.000000Z","completed_at":"2024-01-15T10:30:02.000000Z",)"
        R"("result":{"total_torrents":10,"rules":[{"name":"r","matched":1}]},"error":null,"dry_run":true,)"
        R"("attempts":2,"worker":"w1","instance":"seedbox","zeta":[1,{"x":"\u00e9\n"}],"audit":{"actions":[]},)"
        R"("alpha":"first"})",
        // Written before instances, attempts and dry_run existed; members in another order.
        R"({"status":"pending","created_at":"2024-01-15T10:30:00.000001Z","job_id":"b","trigger":"schedule"})",
        R"({"job_id":"c","status":"failed","created_at":"x","error":"it broke","result":null,"instance":""})",
    };
    for (const std::string& text : documents) {
        rapidjson::Document doc = parse(text);
        rapidjson::StringBuffer buffer;
        JobWriter writer(buffer);
        write_job(writer, doc);
        EXPECT_EQ(std::string(buffer.GetString(), buffer.GetSize()), to_json(from_json(text))) << text;

        Job lean = from_json(text);
        lean.extra_json.erase("audit");
        rapidjson::StringBuffer lean_buffer;
        JobWriter lean_writer(lean_buffer);
        write_job(lean_writer, doc, "audit");
        EXPECT_EQ(std::string(lean_buffer.GetString(), lean_buffer.GetSize()), to_json(lean)) << text;
    }
    rapidjson::StringBuffer buffer;
    JobWriter writer(buffer);
    EXPECT_THROW(write_job(writer, parse(R"({"status":"pending","created_at":"x"})")), std::invalid_argument);
    EXPECT_THROW(write_job(writer, parse(R"({"job_id":7,"status":"pending","created_at":"x"})")), std::invalid_argument);
}

TEST(JobJson, RoundTripKeepsEveryFieldAndUnknownMembers) {
    const std::string text =
        R"({"job_id":"id-2","context":"download-finished","hash":"abc123","status":"completed",)"
        R"("created_at":"2024-01-15T10:30:00.000001Z","started_at":"2024-01-15T10:30:01.000000Z",)"
        R"("completed_at":"2024-01-15T10:30:02.000000Z","result":{"total_torrents":10,"rules":[1,2]},)"
        R"("error":null,"dry_run":true,"attempts":2,"worker":"w1","instance":"seedbox","priority":{"level":5}})";
    Job job = from_json(text);
    EXPECT_EQ(job.instance, "seedbox");
    EXPECT_EQ(job.context.value_or(""), "download-finished");
    EXPECT_EQ(job.result_json.value_or(""), R"({"total_torrents":10,"rules":[1,2]})");
    EXPECT_TRUE(job.dry_run);
    EXPECT_EQ(job.attempts, 2);
    EXPECT_EQ(job.extra_json.at("priority"), R"({"level":5})");
    EXPECT_EQ(to_json(job), text);
    // A document written before instances existed is the default instance's.
    EXPECT_EQ(from_json(R"({"job_id":"x","status":"pending","created_at":"2024-01-15T10:30:00.000001Z"})").instance,
              "default");
}

TEST(JobJson, BadDocumentsAreRejectedNamingTheMember) {
    EXPECT_THROW(from_json("[1,2]"), std::invalid_argument);
    EXPECT_THROW(from_json("{not json"), std::invalid_argument);
    try {
        from_json(R"({"status":"pending","created_at":"x"})");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("job_id"), std::string::npos) << e.what();
    }
    try {
        from_json(R"({"job_id":"a","status":"pending","created_at":"x","context":7})");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("context"), std::string::npos) << e.what();
    }
}

TEST(IsoTime, FormatsAndParsesMicrosecondsUtc) {
    EXPECT_EQ(iso_from_unix_micros(1705314600123456), "2024-01-15T10:30:00.123456Z");
    EXPECT_EQ(iso_from_unix_micros(0), "1970-01-01T00:00:00.000000Z");
    EXPECT_EQ(unix_micros_from_iso("2024-01-15T10:30:00.123456Z"), 1705314600123456);
    EXPECT_EQ(unix_micros_from_iso("2024-01-15T10:30:00Z"), 1705314600000000);
    EXPECT_EQ(unix_micros_from_iso("2024-01-15T10:30:00.5"), 1705314600500000);
    EXPECT_THROW(unix_micros_from_iso("yesterday"), std::invalid_argument);
    EXPECT_THROW(unix_micros_from_iso("2024-13-01T00:00:00Z"), std::invalid_argument);
    EXPECT_THROW(unix_micros_from_iso("2024-01-15T10:30:00+02:00"), std::invalid_argument);
}

TEST(IsoTime, NowIsMicrosecondIsoThatSortsInTimeOrder) {
    std::string a = now_iso();
    std::string b = now_iso();
    EXPECT_TRUE(std::regex_match(a, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)"))) << a;
    EXPECT_LE(a, b);
    EXPECT_EQ(iso_from_unix_micros(unix_micros_from_iso(a)), a);
}

const std::regex kUuidV7(R"([0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})");

uint64_t id_millis(const std::string& id) {  // the 48-bit unix_ts_ms of a UUIDv7
    return std::stoull(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
}

uint64_t unix_millis_now() {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch()).count());
}

TEST(JobId, IsAUuidV7CarryingTheCreationTimeInMilliseconds) {
    const uint64_t before = unix_millis_now();
    const std::string id = new_job_id();
    const uint64_t after = unix_millis_now();
    ASSERT_TRUE(std::regex_match(id, kUuidV7)) << id;
    EXPECT_GE(id_millis(id), before) << id;
    EXPECT_LE(id_millis(id), after + 1) << id;  // +1: a counter run over carries into the next ms
}

TEST(JobId, IdsAreUniqueAndSortInCreationOrderEvenWithinOneMillisecond) {
    std::vector<std::string> ids;
    for (int i = 0; i < 20000; ++i) ids.push_back(new_job_id());  // far more than one per ms
    for (const auto& id : ids) ASSERT_TRUE(std::regex_match(id, kUuidV7)) << id;
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

TEST(JobId, IdsFromSeveralThreadsAreUniqueAndEachThreadsIdsAscend) {
    constexpr int kThreads = 4, kEach = 5000;
    std::vector<std::vector<std::string>> per_thread(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&per_thread, t] {
            for (int i = 0; i < kEach; ++i) per_thread[t].push_back(new_job_id());
        });
    for (auto& thread : threads) thread.join();
    std::set<std::string> all;
    for (const auto& ids : per_thread) {
        EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
        all.insert(ids.begin(), ids.end());
    }
    EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kEach));
}

}  // namespace
}  // namespace qbt::queue
