#include "group_lab.hpp"

#include "lab_specs.hpp"
#include "queue/job.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace qbt::group_test {

namespace {

std::string rules_yaml(const Work& work) {
    auto rule = [](const char* name, const char* context, int calls, int pause) {
        return std::string("  - name: ") + name + "\n    context: " + context +
               "\n    conditions:\n      - field: info.name\n        operator: '!='\n"
               "        value: no torrent has this name\n    actions:\n      - type: group_work\n"
               "        params: {calls: " + std::to_string(calls) + ", pause_ms: " + std::to_string(pause) + "}\n";
    };
    return "rules:\n" + rule("work", "work", work.calls, work.pause_ms) +
           rule("long", "long", work.long_calls, work.long_pause_ms);
}

std::string plugin_dir() {
    const char* build = std::getenv("QBT_TEST_BUILD_ROOT");
    if (!build) throw std::runtime_error("QBT_TEST_BUILD_ROOT is not set (run through meson test)");
    return std::string(build) + "/tests/group";
}

std::string text(const rapidjson::Value& doc, const char* key) {
    auto it = doc.FindMember(key);
    return it != doc.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

int64_t micros_of(const std::string& iso) {
    if (iso.empty()) return 0;
    try {
        return queue::unix_micros_from_iso(iso);
    } catch (const std::exception&) {
        return 0;
    }
}

GroupLab::GroupLab(double lease_seconds, Work work) : lease_seconds_(lease_seconds), work_(work) {
    redis_ = testing::RedisLab::start(false);
    qbt_a_ = testing::QbtLab::start();
    qbt_b_ = testing::QbtLab::start();
    qbt_a_->add_torrents(faults::torrents_named({"alpha-one"}));
    qbt_b_->add_torrents(faults::torrents_named({"beta-one"}));
}

GroupLab::~GroupLab() {
    for (auto& server : servers_) server->stop(5);
}

bool GroupLab::start_server(std::string* why) {
    const size_t index = servers_.size();
    auto dir = std::make_unique<testing::TempDir>("qbt-group-");
    std::ofstream(dir->path() / "config.yml")
        << "qbittorrent:\n  instances:\n"
        << "    - {name: a, host: '" << qbt_a_->url() << "', username: admin, password: adminadmin}\n"
        << "    - {name: b, host: '" << qbt_b_->url() << "', username: admin, password: adminadmin}\n";
    std::map<std::string, std::string> env = {
        {"QBT_RULES_QBITTORRENT_HOST", ""},
        {"QBT_RULES_QBITTORRENT_PASSWORD", ""},
        {"QBT_RULES_QUEUE_BACKEND", "redis"},
        {"QBT_RULES_QUEUE_REDIS_URL", redis_->url()},
        {"QBT_RULES_QUEUE_LEASE_SECONDS", std::to_string(lease_seconds_)},
        {"QBT_RULES_QUEUE_SERVER_ID", "server-" + std::to_string(index)},
        {"QBT_RULES_QUEUE_POLL_INTERVAL", "0.2"},
        {"QBT_RULES_PLUGINS_DIRS", plugin_dir()},
        {"QBT_RULES_RULES_FILE", faults::write_rules(*dir, rules_yaml(work_))},
    };
    auto server = std::make_unique<faults::ServerProcess>(*dir, env);
    const bool ok = server->start(why);
    dirs_.push_back(std::move(dir));
    servers_.push_back(std::move(server));
    return ok;
}

std::vector<JobRecord> GroupLab::jobs(size_t via) {
    std::vector<JobRecord> out;
    for (int offset = 0;; offset += 100) {
        const auto r = servers_.at(via)->get("/api/jobs?limit=100&offset=" + std::to_string(offset));
        if (r.code != 200)
            throw std::runtime_error("GET /api/jobs answered " + std::to_string(r.code) + ": " + r.body + r.error +
                                     "\nserver " + std::to_string(via) + (servers_.at(via)->running() ? " is running" : " has exited") +
                                     "; log:\n" + servers_.at(via)->log_tail());
        rapidjson::Document doc;
        doc.Parse(r.body.c_str());
        if (!doc.IsObject() || !doc.HasMember("jobs") || !doc["jobs"].IsArray())
            throw std::runtime_error("GET /api/jobs: unexpected answer " + r.body.substr(0, 300));
        const auto& page = doc["jobs"];
        for (const auto& job : page.GetArray()) {
            JobRecord record;
            record.id = text(job, "job_id");
            record.status = text(job, "status");
            record.instance = text(job, "instance");
            record.worker = text(job, "worker");
            record.context = text(job, "context");
            record.error = text(job, "error");
            record.started_us = micros_of(text(job, "started_at"));
            record.completed_us = micros_of(text(job, "completed_at"));
            record.attempts = job.HasMember("attempts") && job["attempts"].IsInt() ? job["attempts"].GetInt() : 0;
            out.push_back(record);
        }
        if (page.Size() < 100) return out;
    }
}

}  // namespace qbt::group_test
