#include "e2e_support.hpp"

#include "http_test_client.hpp"
#include "net.hpp"
#include "wait.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace qbt::e2e {
namespace {

std::string random_key() {
    std::random_device device;
    std::mt19937_64 generator(device());
    static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string key = "e2e-";
    for (int i = 0; i < 32; ++i) key += kAlphabet[generator() % (sizeof kAlphabet - 1)];
    return key;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

}  // namespace

Reply http(const std::string& method, const std::string& url, const std::vector<std::string>& headers) {
    const auto result = testing::http_request(method, url, "", headers);
    return {result.code, result.body};
}

rapidjson::Document parse(const std::string& body) { return testing::parse_json(body); }

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    return testing::wait_until(done, timeout, 100ms);
}

std::string exe_path() {
    const char* exe = std::getenv("QBT_RULES_EXE");
    EXPECT_TRUE(exe && fs::exists(exe)) << "QBT_RULES_EXE unset or not built (run through meson test)";
    return exe ? exe : "";
}

fs::path source_root() {
    const char* root = std::getenv("QBT_TEST_SOURCE_ROOT");
    EXPECT_TRUE(root) << "QBT_TEST_SOURCE_ROOT unset (run through meson test)";
    return root ? root : ".";
}

Server::Server(const fs::path& dir, std::map<std::string, std::string> env)
    : dir_(dir), log_((dir / "server.log").string()), port_(testing::free_port()), api_key_(random_key()) {
    env.emplace("QBT_RULES_CONFIG_DIR", dir.string());
    env.emplace("QBT_RULES_SERVER_HOST", "127.0.0.1");
    env.emplace("QBT_RULES_SERVER_PORT", std::to_string(port_));
    env.emplace("QBT_RULES_SERVER_API_KEY", api_key_);
    env.emplace("QBT_RULES_QUEUE_SQLITE_PATH", (dir / "qbt-rules.db").string());
    env.emplace("QBT_RULES_QUEUE_POLL_INTERVAL", "0.2");
    env.emplace("QBT_RULES_RULES_FILE", (dir / "rules.yml").string());
    env.emplace("QBT_RULES_PLUGINS_DIRS", (dir / "no-user-plugins").string());
    // Client mode of the same binary reaches this server with these.
    env.emplace("QBT_RULES_CLIENT_SERVER_URL", base_url());
    env.emplace("QBT_RULES_CLIENT_API_KEY", api_key_);
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
}

Server::~Server() { process_.stop(5); }

bool Server::start() {
    process_.start({exe_path(), "--serve"}, log_);
    return wait_until([&] { return http("GET", base_url() + "/api/health").code == 200 || !process_.running(); },
                      30s) &&
           process_.running();
}

void Server::kill() { process_.kill_now(); }

std::string Server::terminate(double grace_seconds, double* seconds_taken) {
    const auto started = std::chrono::steady_clock::now();
    process_.stop(grace_seconds);
    if (seconds_taken)
        *seconds_taken = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return process_.exit_description();
}

std::string Server::execute(const std::string& query) {
    const Reply reply = http("POST", base_url() + "/api/execute?" + query + "&key=" + api_key_);
    EXPECT_EQ(reply.code, 202) << query << " -> " << reply.body;
    if (reply.code != 202) return "";
    auto doc = parse(reply.body);
    EXPECT_STREQ(doc["status"].GetString(), "pending");
    return doc["job_id"].GetString();
}

Reply Server::get(const std::string& path_and_query) {
    return http("GET", base_url() + path_and_query, {"X-API-Key: " + api_key_});
}

rapidjson::Document Server::wait_job(const std::string& job_id, std::chrono::seconds timeout) {
    rapidjson::Document job;
    job.SetObject();
    const bool ended = wait_until([&] {
        const Reply reply = get("/api/jobs/" + job_id);
        if (reply.code != 200) return false;
        job = parse(reply.body);
        const std::string status = job["status"].GetString();
        return status == "completed" || status == "failed" || status == "cancelled";
    }, timeout);
    EXPECT_TRUE(ended) << "job " << job_id << " did not end in " << timeout.count() << " s\n" << log_tail();
    return job;
}

ProgramRun run_program(const std::vector<std::string>& argv, const fs::path& log, double timeout_seconds) {
    ProgramRun run;
    const auto started = std::chrono::steady_clock::now();
    testing::ChildProcess child;
    fs::remove(log);
    child.start(argv, log.string());
    const bool ended = wait_until([&] { return !child.running(); },
                                  std::chrono::milliseconds(static_cast<int>(timeout_seconds * 1000)));
    if (!ended) child.kill_now();
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    run.output = read_file(log);
    const std::string& how = child.exit_description();
    if (ended && how.rfind("exit status ", 0) == 0) run.exit_code = std::stoi(how.substr(12));
    return run;
}

std::vector<std::string> split_tags(const std::string& tags) {
    std::vector<std::string> out;
    std::stringstream in(tags);
    std::string tag;
    while (std::getline(in, tag, ',')) {
        tag.erase(0, tag.find_first_not_of(' '));
        tag.erase(tag.find_last_not_of(' ') + 1);
        if (!tag.empty()) out.push_back(tag);
    }
    return out;
}

}  // namespace qbt::e2e
