// run_client against an in-process server (real SQLite queue, fake runner).
#include "client/client.hpp"
#include "net.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <future>
#include <regex>
#include <sstream>

namespace qt = qbt::testing;
using namespace qbt::client;
using namespace std::chrono_literals;

namespace {

class ClientTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.start();
        config.client.server_url = server.url("");
        config.client.api_key = qt::kApiKey;
    }
    int run(const ClientCommand& command, bool live = false) {
        out.str("");
        err.str("");
        const ClientIo io{out, err, live, 20ms, 2000ms};
        return run_client(config, command, io);
    }
    std::string first_line() const { return out.str().substr(0, out.str().find('\n')); }

    qt::TestServer server;
    qbt::config::Config config;
    std::ostringstream out;
    std::ostringstream err;
};

const std::regex kUuid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

TEST_F(ClientTest, ExecutePrintsTheJobId) {
    ExecuteCommand command;
    command.context = "weekly-cleanup";
    command.hash = std::string(40, 'A');
    command.dry_run = true;
    ASSERT_EQ(run(command), kCompleted) << err.str();
    const std::string id = first_line();
    ASSERT_TRUE(std::regex_match(id, kUuid)) << out.str();
    const auto job = server.queue->get(id);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->context, "weekly-cleanup");
    EXPECT_EQ(job->hash, std::string(40, 'a'));
    EXPECT_TRUE(job->dry_run);
}

TEST_F(ClientTest, WaitCompletedPrintsResultAndExits0) {
    ExecuteCommand command;
    command.context = "fine";
    command.wait = true;
    ASSERT_EQ(run(command), kCompleted) << err.str();
    const std::string id = first_line();
    EXPECT_NE(out.str().find("job " + id + ": completed"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("\"total_torrents\": 3"), std::string::npos) << out.str();
    EXPECT_EQ(out.str().find('\r'), std::string::npos) << "no \\r updates when stdout is not a terminal";
}

TEST_F(ClientTest, WaitLiveStatusUsesCarriageReturns) {
    ExecuteCommand command;
    command.context = "fine";
    command.wait = true;
    ASSERT_EQ(run(command, true), kCompleted) << err.str();
    EXPECT_NE(out.str().find("\rjob "), std::string::npos) << out.str();
}

TEST_F(ClientTest, WaitFailedExits1WithTheError) {
    ExecuteCommand command;
    command.context = "fail";
    command.wait = true;
    EXPECT_EQ(run(command), kFailed);
    EXPECT_NE(err.str().find("rules failed on purpose"), std::string::npos) << err.str();
}

TEST_F(ClientTest, WaitCancelledExits2) {
    ExecuteCommand blocker;
    blocker.context = "block";
    ASSERT_EQ(run(blocker), kCompleted);
    ASSERT_TRUE(server.runner.wait_for_calls(1));
    std::ostringstream wait_out;
    std::ostringstream wait_err;
    auto waiting = std::async(std::launch::async, [&] {
        ExecuteCommand command;
        command.context = "later";
        command.wait = true;
        const ClientIo io{wait_out, wait_err, false, 20ms, 2000ms};
        return run_client(config, command, io);
    });
    std::optional<std::string> pending_id;
    ASSERT_TRUE(qt::wait_until([&] {
        const auto list = server.queue->list(std::string("pending"), std::string("later"), 10, 0);
        if (!list.jobs.empty()) pending_id = list.jobs.front().job_id;
        return pending_id.has_value();
    }));
    EXPECT_EQ(server.queue->cancel(*pending_id).outcome, qbt::queue::CancelResult::Outcome::Cancelled);
    EXPECT_EQ(waiting.get(), kCancelled);
    EXPECT_NE(wait_err.str().find("was cancelled"), std::string::npos) << wait_err.str();
    server.runner.release();
}

TEST_F(ClientTest, UnreachableServerExits3WithTheUrl) {
    const int port = qt::free_port();
    config.client.server_url = "http://127.0.0.1:" + std::to_string(port);
    EXPECT_EQ(run(ExecuteCommand{}), kError);
    EXPECT_NE(err.str().find("cannot reach qbt-rules server at http://127.0.0.1:" + std::to_string(port) + ": "),
              std::string::npos)
        << err.str();
}

TEST_F(ClientTest, WrongKeyExits3NamingTheSetting) {
    config.client.api_key = "not-the-key";
    EXPECT_EQ(run(StatsCommand{}), kError);
    EXPECT_NE(err.str().find("the server rejected the API key (client.api_key / QBT_RULES_CLIENT_API_KEY)"),
              std::string::npos)
        << err.str();
    config.client.api_key.clear();
    EXPECT_EQ(run(StatsCommand{}), kError);
    EXPECT_NE(err.str().find("client.api_key is not set"), std::string::npos) << err.str();
}

TEST_F(ClientTest, ListStatusCancelAndStats) {
    ExecuteCommand blocker;
    blocker.context = "block";
    ASSERT_EQ(run(blocker), kCompleted);
    ASSERT_TRUE(server.runner.wait_for_calls(1));
    ExecuteCommand later;
    later.context = "later";
    ASSERT_EQ(run(later), kCompleted);
    const std::string later_id = first_line();

    ASSERT_EQ(run(ListJobsCommand{std::string("pending"), 10}), kCompleted) << err.str();
    rapidjson::Document list;
    list.Parse(out.str().c_str());
    ASSERT_TRUE(list.IsObject()) << out.str();
    EXPECT_EQ(list["total"].GetUint64(), 1u);
    EXPECT_EQ(list["limit"].GetUint64(), 10u);

    ASSERT_EQ(run(JobStatusCommand{later_id}), kCompleted);
    EXPECT_NE(out.str().find("\"status\": \"pending\""), std::string::npos) << out.str();

    ASSERT_EQ(run(CancelJobCommand{later_id}), kCompleted) << err.str();
    EXPECT_EQ(server.queue->get(later_id)->status, "cancelled");
    EXPECT_EQ(run(CancelJobCommand{later_id}), kError);
    EXPECT_NE(err.str().find("only pending jobs can be cancelled"), std::string::npos) << err.str();
    EXPECT_EQ(run(JobStatusCommand{"00000000-0000-4000-8000-000000000000"}), kError);
    EXPECT_NE(err.str().find("404"), std::string::npos) << err.str();

    ASSERT_EQ(run(StatsCommand{}), kCompleted);
    EXPECT_NE(out.str().find("\"depth\""), std::string::npos) << out.str();
    server.runner.release();
}

}  // namespace
