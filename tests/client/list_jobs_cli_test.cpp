// The real binary's `--list-jobs` (qbt-rules 0.6: --limit defaults to 20) against an
// in-process server holding 25 jobs: 20 listed by default, `--limit N` honoured.
#include "client/client.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace qt = qbt::testing;

namespace {

class ListJobsCli : public ::testing::Test {
protected:
    void SetUp() override {
        server.start();
        qbt::config::Config config;
        config.client.server_url = server.url("");
        config.client.api_key = qt::kApiKey;
        std::ostringstream out, err;
        for (int i = 0; i < kJobs; ++i) {
            qbt::client::ExecuteCommand command;
            command.context = "job-" + std::to_string(i);
            ASSERT_EQ(qbt::client::run_client(config, command, {out, err, false}), qbt::client::kCompleted) << err.str();
        }
    }

    // `qbt-rules --list-jobs ARGS` as a user runs it; the parsed JSON it printed.
    rapidjson::Document list_jobs(const std::string& args) {
        const std::string command = "QBT_RULES_CONFIG_DIR='" + server.dir.path().string() + "' QBT_RULES_CLIENT_SERVER_URL='" +
                                    server.url("") + "' QBT_RULES_CLIENT_API_KEY='" + qt::kApiKey + "' '" +
                                    std::getenv("QBT_RULES_EXE") + "' --list-jobs " + args + " 2>&1";
        std::string output;
        FILE* pipe = popen(command.c_str(), "r");
        EXPECT_NE(pipe, nullptr);
        std::array<char, 4096> chunk{};
        for (size_t n; pipe && (n = fread(chunk.data(), 1, chunk.size(), pipe)) > 0;) output.append(chunk.data(), n);
        EXPECT_EQ(pipe ? pclose(pipe) : -1, 0) << output;
        rapidjson::Document doc;
        doc.Parse(output.c_str());
        EXPECT_TRUE(doc.IsObject() && doc.HasMember("jobs") && doc["jobs"].IsArray()) << output;
        return doc;
    }

    static constexpr int kJobs = 25;
    qt::TestServer server;
};

TEST_F(ListJobsCli, TwentyByDefaultAndTheLimitGiven) {
    auto listed = list_jobs("");
    ASSERT_TRUE(listed.IsObject());
    EXPECT_EQ(listed["jobs"].Size(), 20u);
    EXPECT_EQ(listed["limit"].GetUint64(), 20u);
    EXPECT_EQ(listed["total"].GetUint64(), static_cast<uint64_t>(kJobs));

    listed = list_jobs("--limit 7");
    ASSERT_TRUE(listed.IsObject());
    EXPECT_EQ(listed["jobs"].Size(), 7u);
    EXPECT_EQ(listed["limit"].GetUint64(), 7u);

    listed = list_jobs("--limit 100");
    ASSERT_TRUE(listed.IsObject());
    EXPECT_EQ(listed["jobs"].Size(), static_cast<size_t>(kJobs));
}

}  // namespace
