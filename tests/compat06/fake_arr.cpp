#include "fake_arr.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

namespace qbt::testing {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::map<std::string, std::string> query_of(const std::string& target) {
    std::map<std::string, std::string> out;
    const auto q = target.find('?');
    if (q == std::string::npos) return out;
    std::stringstream parts(target.substr(q + 1));
    for (std::string part; std::getline(parts, part, '&');) {
        const auto eq = part.find('=');
        out[part.substr(0, eq)] = eq == std::string::npos ? "" : part.substr(eq + 1);
    }
    return out;
}

std::string json_reply(int status, const std::string& body) {
    return TinyHttpServer::response(status, status == 200 ? "OK" : status == 401 ? "Unauthorized" : "Not Found",
                                    "application/json", body);
}

}  // namespace

FakeArr::FakeArr(std::string item_key, std::string api_key, std::vector<ArrRecord> records)
    : item_key_(std::move(item_key)), api_key_(std::move(api_key)), records_(std::move(records)),
      server_([this](const std::string& raw) { return answer(raw); }) {}

std::string FakeArr::answer(const std::string& raw) {
    ArrCall call;
    std::istringstream head(raw.substr(0, raw.find("\r\n\r\n")));
    std::string line;
    std::getline(head, line);
    std::istringstream request_line(line);
    request_line >> call.method >> call.target;
    while (std::getline(head, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto colon = line.find(':');
        if (colon != std::string::npos && lower(line.substr(0, colon)) == "x-api-key")
            call.api_key = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    const auto body_at = raw.find("\r\n\r\n");
    if (body_at != std::string::npos) call.body = raw.substr(body_at + 4);
    std::lock_guard lock(mutex_);
    calls_.push_back(call);
    if (call.api_key != api_key_) return json_reply(401, R"({"error":"Unauthorized"})");
    const std::string path = call.target.substr(0, call.target.find('?'));
    const auto query = query_of(call.target);
    if (call.method == "GET" && path == "/api/v3/queue") {
        const size_t page = std::stoul(query.count("page") ? query.at("page") : "1");
        const size_t size = std::stoul(query.count("pageSize") ? query.at("pageSize") : "10");
        std::string records;
        for (size_t i = (page - 1) * size; i < std::min(records_.size(), page * size); ++i)
            records += (records.empty() ? "" : ",") + std::string("{\"id\":") + std::to_string(records_[i].id) +
                       ",\"downloadId\":\"" + records_[i].download_id + "\",\"" + item_key_ + "\":" +
                       std::to_string(records_[i].item_id) + ",\"title\":\"record " + std::to_string(records_[i].id) +
                       "\",\"protocol\":\"torrent\"}";
        return json_reply(200, "{\"page\":" + std::to_string(page) + ",\"pageSize\":" + std::to_string(size) +
                                   ",\"sortKey\":\"timeleft\",\"totalRecords\":" + std::to_string(records_.size()) +
                                   ",\"records\":[" + records + "]}");
    }
    if (call.method == "DELETE" && path.rfind("/api/v3/queue/", 0) == 0) {
        const int64_t id = std::stoll(path.substr(std::string("/api/v3/queue/").size()));
        auto it = std::find_if(records_.begin(), records_.end(), [&](const ArrRecord& r) { return r.id == id; });
        if (it == records_.end()) return json_reply(404, R"({"message":"NotFound"})");
        records_.erase(it);
        return json_reply(200, "{}");
    }
    if (call.method == "POST" && path == "/api/v3/command") return json_reply(200, R"({"id":1,"name":"search","status":"queued"})");
    return json_reply(404, R"({"message":"NotFound"})");
}

std::vector<ArrCall> FakeArr::calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
}

std::vector<ArrCall> FakeArr::calls(const std::string& method) const {
    std::vector<ArrCall> out;
    for (const auto& call : calls())
        if (call.method == method) out.push_back(call);
    return out;
}

std::vector<ArrRecord> FakeArr::queue() const {
    std::lock_guard lock(mutex_);
    return records_;
}

}  // namespace qbt::testing
