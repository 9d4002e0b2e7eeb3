#include "engine/tracker_rows.hpp"

#include <algorithm>
#include <string_view>

namespace qbt::engine {

bool is_pseudo_tracker(const rapidjson::Value& row) {
    if (!row.IsObject()) return true;
    auto url = row.FindMember("url");
    return url != row.MemberEnd() && url->value.IsString() &&
           std::string_view(url->value.GetString(), url->value.GetStringLength()).starts_with("** [");
}

rapidjson::Value copy_tracker_rows(const rapidjson::Value& rows, rapidjson::MemoryPoolAllocator<>& allocator) {
    rapidjson::Value kept(rapidjson::kArrayType);
    if (!rows.IsArray()) return kept;
    const auto all = rows.GetArray();
    kept.Reserve(static_cast<rapidjson::SizeType>(
                     std::count_if(all.begin(), all.end(), [](auto& row) { return !is_pseudo_tracker(row); })),
                 allocator);
    for (auto& row : all)
        if (!is_pseudo_tracker(row)) kept.PushBack(rapidjson::Value(row, allocator), allocator);
    return kept;
}

void drop_pseudo_trackers(rapidjson::Value& rows) {
    if (!rows.IsArray()) return;
    for (auto row = rows.Begin(); row != rows.End();) row = is_pseudo_tracker(*row) ? rows.Erase(row) : row + 1;
}

}  // namespace qbt::engine
