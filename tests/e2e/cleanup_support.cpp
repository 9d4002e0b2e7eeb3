#include "cleanup_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace qbt::e2e {

using namespace std::chrono_literals;

std::map<std::string, std::string> lab_env(testing::QbtLab& lab, std::map<std::string, std::string> extra) {
    extra["QBT_RULES_QBITTORRENT_HOST"] = lab.url();
    extra["QBT_RULES_QBITTORRENT_USERNAME"] = lab.username();
    extra["QBT_RULES_QBITTORRENT_PASSWORD"] = lab.password();
    return extra;
}

rapidjson::Document run_job(Server& server, const std::string& query) {
    const std::string id = server.execute(query);
    rapidjson::Document job = server.wait_job(id, std::chrono::seconds(90));
    EXPECT_TRUE(job.HasMember("status") && job["status"] == "completed")
        << query << ": " << (job.HasMember("error") && job["error"].IsString() ? job["error"].GetString() : "")
        << "\n" << server.log_tail();
    return job;
}

rapidjson::Document torrent_info(testing::QbtLab& lab, const std::string& hash) {
    rapidjson::Document list;
    list.Parse(lab.info_json(hash).c_str());
    rapidjson::Document out;
    if (list.IsArray() && !list.Empty()) out.CopyFrom(list[0], out.GetAllocator());
    return out;
}

bool listed(testing::QbtLab& lab, const std::string& hash) { return torrent_info(lab, hash).IsObject(); }

std::string text_field(const rapidjson::Value& info, const char* key) {
    return info.IsObject() && info.HasMember(key) && info[key].IsString() ? info[key].GetString() : "";
}

namespace {
bool checking(const std::string& state) {
    return state.rfind("checking", 0) == 0 || state == "moving" || state == "allocating" || state == "metaDL";
}
}  // namespace

rapidjson::Document recheck(testing::QbtLab& lab, const std::string& hash) {
    EXPECT_TRUE(wait_until([&] { return !checking(text_field(torrent_info(lab, hash), "state")); }, 60s))
        << hash << " stayed " << text_field(torrent_info(lab, hash), "state");
    lab.post("torrents/recheck", "hashes=" + hash);
    // The check starts within ~1.6 s (qbt-lab.md); then wait until it has ended.
    wait_until([&] { return checking(text_field(torrent_info(lab, hash), "state")); }, 3s);
    EXPECT_TRUE(wait_until([&] { return !checking(text_field(torrent_info(lab, hash), "state")); }, 60s))
        << hash << " is still checking";
    rapidjson::Document info;
    wait_until([&] {
        info = torrent_info(lab, hash);
        return is_seeding(text_field(info, "state"));
    }, 10s);
    return info;
}

bool is_seeding(const std::string& state) {
    return state == "uploading" || state == "stalledUP" || state == "queuedUP" || state == "forcedUP";
}

std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "";
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

int64_t qbittorrent_free_space(testing::QbtLab& lab) {
    rapidjson::Document doc;
    doc.Parse(lab.get("sync/maindata?rid=0").c_str());
    if (!doc.IsObject() || !doc.HasMember("server_state")) return -1;
    const auto& state = doc["server_state"];
    return state.HasMember("free_space_on_disk") ? state["free_space_on_disk"].GetInt64() : -1;
}

int until_steps(int64_t start, int64_t size, int64_t target, int count) {
    int steps = 0;
    while (steps < count && start + steps * size < target) ++steps;
    return steps;
}

}  // namespace qbt::e2e
