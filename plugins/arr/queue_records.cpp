#include "queue_records.hpp"

#include "arr_client.hpp"

#include <qbt/cpp/error.hpp>

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>

namespace qbt::arr {

namespace {

int64_t int_member(const rapidjson::Value& object, const char* key) {
    auto it = object.FindMember(key);
    return it != object.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : 0;
}

std::string text_member(const rapidjson::Value& object, const char* key) {
    auto it = object.FindMember(key);
    return it != object.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

std::vector<QueueRecord> read_queue(const Connection& to, Service service) {
    std::vector<QueueRecord> records;
    const char* item_key = service == Service::Sonarr ? "episodeId" : "movieId";
    for (int page = 1; page <= kMaxPages; ++page) {
        const Response response =
            call(to, "GET", "/api/v3/queue?page=" + std::to_string(page) + "&pageSize=" + std::to_string(kPageSize));
        expect_success(response, service, "queue page " + std::to_string(page));
        rapidjson::Document doc;
        doc.Parse(response.body.c_str(), response.body.size());
        auto list = doc.IsObject() ? doc.FindMember("records") : rapidjson::Value::MemberIterator();
        if (!doc.IsObject() || list == doc.MemberEnd() || !list->value.IsArray())
            throw sdk::Error(QBT_E_IO, std::string("arr_blocklist: ") + service_name(service) + " queue page " +
                                           std::to_string(page) + ": not a queue answer (no records list)");
        for (const auto& item : list->value.GetArray()) {
            if (!item.IsObject()) continue;
            records.push_back({int_member(item, "id"), text_member(item, "downloadId"), int_member(item, item_key),
                               text_member(item, "title")});
        }
        const int64_t total = int_member(doc, "totalRecords");
        if (list->value.Empty() || static_cast<int64_t>(page) * kPageSize >= total) break;
    }
    return records;
}

std::string download_id_of(std::string_view hash) {
    std::string id(hash);
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::toupper(c); });
    return id;
}

std::vector<QueueRecord> records_of(const std::vector<QueueRecord>& queue, std::string_view hash) {
    const std::string wanted = download_id_of(hash);
    std::vector<QueueRecord> out;
    for (const auto& record : queue)
        if (record.download_id == wanted) out.push_back(record);
    return out;
}

}  // namespace qbt::arr
