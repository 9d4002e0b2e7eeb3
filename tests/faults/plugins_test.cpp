// User plugins failing inside a running `qbt-rules --serve`: an action that returns an
// error, one whose C++ code throws, and a plugin whose init fails. The jobs record the
// failure with the plugin's message, the worker and the server go on, the next job
// succeeds, and the failed plugin is reported and skipped at start.
#include "fault_support.hpp"
#include "lab_specs.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace qf = qbt::faults;
namespace qt = qbt::testing;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const char* kRules = R"(rules:
  - name: plugin returns an error
    context: error
    conditions: [{field: info.size, operator: '>', value: 0}]
    actions: [{type: fault_error}]
  - name: plugin throws
    context: throw
    conditions: [{field: info.size, operator: '>', value: 0}]
    actions: [{type: fault_throw}]
  - name: fine
    context: fine
    conditions: [{field: info.size, operator: '>', value: 0}]
    actions: [{type: add_tag, params: {tags: [fine]}}]
)";

// The job's record as text (its document, plus its audit of actions where the server
// serves one), to look for the plugin's message anywhere in it.
std::string run(qf::ServerProcess& server, const std::string& context, rapidjson::Document& doc) {
    const std::string id = server.execute("context=" + context);
    EXPECT_FALSE(id.empty()) << server.log_tail();
    std::string text = server.wait_job_final(id, 20s);
    doc = qf::parse(text);
    const qf::ApiResult actions = server.get("/api/jobs/" + id + "/actions");
    if (actions.code == 200) text += "\n" + actions.body;
    return text;
}

TEST(PluginFaults, FailingActionsAndInit) {
    if (qf::server_executable().empty()) GTEST_SKIP() << "$QBT_RULES_EXE is not built";
    const fs::path built = fs::path(std::getenv("QBT_TEST_BUILD_ROOT")) / "tests" / "faults";
    auto lab = qt::QbtLab::start();
    lab->add_torrents(qf::torrents_named({"p1", "p2"}));
    qt::TempDir dir("qbt-faults-plugins-");
    const fs::path user = dir.path() / "user-plugins";
    fs::create_directories(user);
    for (const char* name : {"fault_actions.so", "fault_init.so"}) fs::copy_file(built / name, user / name);

    qf::ServerProcess server(dir, {{"QBT_RULES_PLUGINS_DIRS", user.string()},
                                   {"QBT_RULES_QBITTORRENT_HOST", lab->url()},
                                   {"QBT_RULES_RULES_FILE", qf::write_rules(dir, kRules)}});
    std::string why;
    ASSERT_TRUE(server.start(&why)) << why;
    const std::string log = server.log_tail(20000);
    EXPECT_NE(log.find("fault-init: the licence file /nonexistent/licence is missing"), std::string::npos) << log;

    for (const auto& [context, message] : {std::pair{"error", "fault_error: the archive service refused the batch"},
                                           std::pair{"throw", "unexpected exception: vector::_M_range_check"}}) {
        rapidjson::Document job;
        const std::string text = run(server, context, job);
        std::printf("[%s] %s\n", context, text.c_str());
        ASSERT_TRUE(job.HasMember("status")) << text;
        if (std::string(qf::text_at(job, {"status"})) == "completed") {
            EXPECT_EQ(qf::int_at(job, {"result", "errors"}), 2) << text;
            EXPECT_EQ(qf::int_at(job, {"result", "actions_executed"}), 0) << text;
        } else {
            EXPECT_EQ(qf::text_at(job, {"status"}), "failed") << text;
        }
        EXPECT_NE(text.find(message), std::string::npos) << "the job record does not say why: " << text;
        EXPECT_TRUE(server.running()) << server.log_tail();
    }
    rapidjson::Document fine;
    const std::string text = run(server, "fine", fine);
    EXPECT_EQ(qf::text_at(fine, {"status"}), "completed") << text;
    EXPECT_EQ(qf::int_at(fine, {"result", "actions_executed"}), 2) << text;
    EXPECT_EQ(qf::int_at(fine, {"result", "errors"}), 0) << text;
    EXPECT_EQ(qf::api_call("GET", server.base() + "/api/health").code, 200);
}

}  // namespace
