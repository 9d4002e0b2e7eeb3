// ActionExecutor::run_until: a rule with `until: {free_space: SIZE}` and `order_by` acts
// on its matched torrents one at a time, in order, until qBittorrent's free space
// (sync/maindata server_state.free_space_on_disk, read once) plus the bytes the guard
// freed reaches the target. A step that frees nothing stops it (a recycle bin on the same
// disk, delete_files: false, files another torrent keeps), and it does not start when the
// files cannot be read (nothing could be counted).
#include "engine/executor.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace qbt::engine {

namespace {

// qBittorrent's free space on its default save path's disk; throws when it cannot say.
int64_t free_space_on_disk(webapi::WebApi& api) {
    webapi::Response r = api.request({"GET", "sync/maindata", "rid=0", ""});
    rapidjson::Document doc;
    doc.Parse(r.body.data(), r.body.size());
    if (r.status != 200 || doc.HasParseError() || !doc.IsObject())
        throw std::runtime_error("sync/maindata answered HTTP " + std::to_string(r.status));
    auto state = doc.FindMember("server_state");
    if (state == doc.MemberEnd() || !state->value.IsObject()) throw std::runtime_error("sync/maindata has no server_state");
    auto free = state->value.FindMember("free_space_on_disk");
    if (free == state->value.MemberEnd() || !free->value.IsNumber())
        throw std::runtime_error("sync/maindata has no server_state.free_space_on_disk");
    return static_cast<int64_t>(free->value.GetDouble());
}

// Sorts by the info field; torrents without it (or with another type) go last either way.
void sort_by(std::vector<size_t>& matched, const TorrentStore& store, const rules::OrderBy& order) {
    auto value = [&](size_t t) -> const rapidjson::Value* {
        const auto& info = *store.at(t).info;
        auto it = info.FindMember(order.key.c_str());
        return it == info.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
    };
    std::stable_sort(matched.begin(), matched.end(), [&](size_t a, size_t b) {
        const rapidjson::Value* x = value(a);
        const rapidjson::Value* y = value(b);
        if (!x || !y) return x != nullptr && y == nullptr;
        if (x->IsNumber() && y->IsNumber())
            return order.descending ? x->GetDouble() > y->GetDouble() : x->GetDouble() < y->GetDouble();
        if (x->IsString() && y->IsString()) {
            const int c = std::string_view(x->GetString()).compare(y->GetString());
            return order.descending ? c > 0 : c < 0;
        }
        return x->IsNumber() && !y->IsNumber();
    });
}

struct UntilReport {
    int64_t target = 0;
    int64_t free_space = -1;  // -1: unknown
    uint64_t freed = 0;
    int steps = 0;
    bool reached = false;
    std::string stopped;  // why it ended before reaching the target

    std::string json() const {
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
        w.StartObject();
        w.Key("free_space_target"); w.Int64(target);
        w.Key("free_space_at_start");
        if (free_space >= 0) w.Int64(free_space); else w.Null();
        w.Key("bytes_freed"); w.Uint64(freed);
        w.Key("steps"); w.Int(steps);
        w.Key("reached"); w.Bool(reached);
        if (!stopped.empty()) { w.Key("stopped"); w.String(stopped.c_str()); }
        w.EndObject();
        return std::string(buffer.GetString(), buffer.GetSize());
    }
};

}  // namespace

void ActionExecutor::run_until(const rules::Rule& rule, std::vector<size_t> matched, RuleStats& rule_stats) {
    UntilReport report;
    report.target = rule.until->bytes;
    auto refuse = [&](const std::string& why) {
        report.stopped = why;
        ++rule_stats.errors;
        spdlog::warn("job {}: rule '{}': until free_space: {}", job_id_, rule.name, why);
        rule_stats.until_json = report.json();
    };
    const cleanup::FileUsage* usage = cleanup_ ? cleanup_->settings().usage : nullptr;
    if (!usage) return refuse("not run: this job has no view of the files on disk");
    if (std::string problem = usage->problem(); !problem.empty())
        return refuse("not run: the files cannot be read, so nothing freed could be counted: " + problem);
    try {
        report.free_space = free_space_on_disk(api_);
    } catch (const std::exception& e) {
        return refuse(std::string("not run: qBittorrent's free space is unknown: ") + e.what());
    }
    if (rule.order_by) sort_by(matched, torrents_, *rule.order_by);
    int rule_deletes = 0;
    for (size_t t : matched) {
        if (report.free_space + static_cast<int64_t>(report.freed) >= report.target) break;
        if (!torrents_.at(t).alive) continue;  // removed with an earlier torrent's cross-seed group
        const uint64_t before = bytes_freed_;
        for (const rules::Action& action : rule.actions) run_action(rule, action, {t}, rule_stats, rule_deletes);
        const uint64_t step = bytes_freed_ - before;
        report.freed += step;
        ++report.steps;
        if (step == 0) {
            report.stopped = "a step freed nothing (torrent '" + torrents_.at(t).name + "'): stopped";
            spdlog::info("job {}: rule '{}': until free_space: {}", job_id_, rule.name, report.stopped);
            break;
        }
    }
    report.reached = report.free_space + static_cast<int64_t>(report.freed) >= report.target;
    if (!report.reached && report.stopped.empty()) report.stopped = "no matched torrent left";
    rule_stats.until_json = report.json();
}

}  // namespace qbt::engine
