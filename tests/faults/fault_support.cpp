#include "fault_support.hpp"

#include "http_test_client.hpp"
#include "net.hpp"
#include "wait.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace qbt::faults {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

ApiResult api_call(const std::string& method, const std::string& url, const std::vector<std::string>& headers) {
    auto result = testing::http_request(method, url, "", headers);
    return {result.code, std::move(result.body), std::move(result.curl_error)};
}

rapidjson::Document parse(const std::string& body) {
    rapidjson::Document doc = testing::parse_json(body);
    if (!doc.IsObject()) {
        ADD_FAILURE() << "not a JSON object: " << body.substr(0, 300);
        doc.SetObject();
    }
    return doc;
}

namespace {
const rapidjson::Value* walk(const rapidjson::Value& doc, std::initializer_list<const char*> path) {
    const rapidjson::Value* v = &doc;
    for (const char* key : path) {
        if (!v->IsObject()) return nullptr;
        auto it = v->FindMember(key);
        if (it == v->MemberEnd()) return nullptr;
        v = &it->value;
    }
    return v;
}
}  // namespace

std::string text_at(const rapidjson::Value& doc, std::initializer_list<const char*> path) {
    const rapidjson::Value* v = walk(doc, path);
    return v && v->IsString() ? v->GetString() : "";
}

int64_t int_at(const rapidjson::Value& doc, std::initializer_list<const char*> path) {
    const rapidjson::Value* v = walk(doc, path);
    return v && v->IsInt64() ? v->GetInt64() : -1;
}

bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    return testing::wait_until(done, timeout, 50ms);
}

std::string write_rules(const qbt::testing::TempDir& dir, const std::string& yaml) {
    const fs::path path = dir.path() / "rules.yml";
    std::ofstream(path) << yaml;
    return path.string();
}

std::string server_executable() {
    const char* exe = std::getenv("QBT_RULES_EXE");
    return exe && fs::exists(exe) ? exe : "";
}

ServerProcess::ServerProcess(const qbt::testing::TempDir& dir, std::map<std::string, std::string> env)
    : env_(std::move(env)), port_(qbt::testing::free_port()), exe_(server_executable()),
      log_((dir.path() / "server.log").string()) {
    std::map<std::string, std::string> defaults = {
        {"QBT_RULES_CONFIG_DIR", dir.path().string()},
        {"QBT_RULES_SERVER_HOST", "127.0.0.1"},
        {"QBT_RULES_SERVER_PORT", std::to_string(port_)},
        {"QBT_RULES_SERVER_API_KEY", kKey},
        {"QBT_RULES_QUEUE_SQLITE_PATH", (dir.path() / "qbt-rules.db").string()},
        {"QBT_RULES_QUEUE_POLL_INTERVAL", "0.2"},
        {"QBT_RULES_PLUGINS_DIRS", (dir.path() / "no-user-plugins").string()},
        {"QBT_RULES_QBITTORRENT_HOST", "http://127.0.0.1:9"},
        {"QBT_RULES_QBITTORRENT_PASSWORD", "adminadmin"},
    };
    for (auto& [name, value] : defaults) env_.try_emplace(name, value);
}

ServerProcess::~ServerProcess() {
    process_.stop(5);
    for (const auto& [name, value] : env_) unsetenv(name.c_str());
}

bool ServerProcess::start(std::string* why) {
    for (const auto& [name, value] : env_) setenv(name.c_str(), value.c_str(), 1);
    process_.start({exe_, "--serve"}, log_);
    const bool up = wait_for([&] { return qbt::testing::port_open(port_) || !process_.running(); }, 30s) &&
                    process_.running();
    if (!up && why) *why = "the server did not start (" + process_.exit_description() + "):\n" + log_tail();
    return up;
}

ApiResult ServerProcess::get(const std::string& path) const { return api_call("GET", base() + path, {key_header()}); }
ApiResult ServerProcess::post(const std::string& path) const { return api_call("POST", base() + path, {key_header()}); }

std::string ServerProcess::log_tail(size_t bytes) const { return qbt::testing::file_tail(log_, bytes); }

std::string ServerProcess::wait_job_final(const std::string& job_id, std::chrono::milliseconds timeout) const {
    std::string last;
    wait_for([&] {
        const ApiResult r = get("/api/jobs/" + job_id);
        if (r.code != 200) return false;
        last = r.body;
        rapidjson::Document doc;
        doc.Parse(r.body.c_str());
        if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("status")) return false;
        const std::string status = doc["status"].GetString();
        return status == "completed" || status == "failed" || status == "cancelled";
    }, timeout);
    return last;
}

std::string ServerProcess::execute(const std::string& query, ApiResult* out) const {
    const ApiResult r = post("/api/execute?" + query);
    if (out) *out = r;
    if (r.code != 202) return "";
    rapidjson::Document doc;
    doc.Parse(r.body.c_str());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("job_id")) return "";
    return doc["job_id"].GetString();
}

}  // namespace qbt::faults
