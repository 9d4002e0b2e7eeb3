#include "engine/field_matcher.hpp"

#include "abi/owned_value.hpp"
#include "engine/state_names.hpp"

#include <spdlog/spdlog.h>

namespace qbt::engine {

namespace {
// A key absent from the object, or present with null, is missing (qBittorrent uses null
// for "not known"; treating it as a value would let a negative operator see "null").
const rapidjson::Value* member(const rapidjson::Value& object, const std::string& key) {
    if (!object.IsObject()) return nullptr;
    auto it = object.FindMember(rapidjson::StringRef(key.data(), key.size()));
    if (it == object.MemberEnd() || it->value.IsNull()) return nullptr;
    return &it->value;
}
}  // namespace

FieldMatcher::FieldMatcher(const TorrentStore& torrents, const DataCache& cache, int64_t now, UnknownValues* unknown)
    : torrents_(torrents), cache_(cache), unknown_(unknown) {
    context_.struct_size = sizeof(context_);
    context_.now = now;
}

bool FieldMatcher::match_scalar(const rules::Condition& c, const qbt_value& value, size_t torrent) {
    qbt_error err{};
    int r = c.op->match(&value, &context_, &err);
    if (r >= 0) return r > 0;
    if (reported_.emplace(&c, torrent).second) {
        ++new_errors_;
        spdlog::warn("{}: operator '{}' on {} failed for torrent {}: {} ({})", c.where.to_string(),
                     c.operator_name, c.field.text, torrents_.at(torrent).hash, err.message,
                     qbt_status_name(r));
    }
    return false;  // an operator error never makes a condition hold
}

bool FieldMatcher::match_value(const rules::Condition& c, const rapidjson::Value* value, size_t torrent) {
    if (value == nullptr) return c.op->negative();  // missing: only negative operators hold
    if (value->IsArray()) return match_items(c, *value, nullptr, torrent);
    if (value->IsObject()) {
        abi::OwnedValue owned(*value);
        return match_scalar(c, *owned.root(), torrent);
    }
    return match_scalar(c, abi::scalar_view(*value), torrent);
}

// Collections: positive = any item, negative = every item (so empty: false / true).
bool FieldMatcher::match_items(const rules::Condition& c, const rapidjson::Value& array,
                               const std::string* key, size_t torrent) {
    bool every = c.op->negative();
    for (const auto& item : array.GetArray()) {
        const rapidjson::Value* value = key ? member(item, *key) : (item.IsNull() ? nullptr : &item);
        if (match_value(c, value, torrent) != every) return !every;
    }
    return every;
}

bool FieldMatcher::match_tracker_flag(const rules::Condition& c, const rapidjson::Value& rows, size_t torrent) {
    static const TrackerStatus kBuiltIn;
    static const rapidjson::Value kTrue(true), kFalse(false);
    const TrackerStatus& status = tracker_status_ ? *tracker_status_ : kBuiltIn;
    const bool unregistered = c.field.key == "unregistered";
    bool every = c.op->negative();
    for (const auto& row : rows.GetArray()) {
        const rapidjson::Value* value = nullptr;  // a row without a status (a url only): missing
        const rapidjson::Value* code = member(row, "status");
        if (code && code->IsInt()) {
            const rapidjson::Value* msg = member(row, "msg");
            const std::string_view text = msg && msg->IsString() ? std::string_view(msg->GetString(), msg->GetStringLength())
                                                                 : std::string_view();
            const TrackerStatus::Verdict verdict = status.classify(code->GetInt(), text);
            value = (unregistered ? verdict.unregistered : verdict.down) ? &kTrue : &kFalse;
        }
        if (match_value(c, value, torrent) != every) return !every;
    }
    return every;
}

bool FieldMatcher::match_string_list(const rules::Condition& c, const std::vector<std::string>& items,
                                     size_t torrent) {
    bool every = c.op->negative();
    for (const std::string& item : items) {
        qbt_value v{};
        v.type = QBT_VALUE_STRING;
        v.as.string = qbt_string{item.data(), item.size()};
        if (match_scalar(c, v, torrent) != every) return !every;
    }
    return every;
}

Outcome FieldMatcher::undecidable(const rules::Condition& c, size_t torrent, const std::string& reason) {
    if (unknown_) unknown_->record(c.field.text, torrent, reason);
    return Outcome{Truth::Unknown, 0};
}

// info.cross_seeds / info.hardlinks: an unknown value is undecidable (like files.* without
// metadata): neither a positive nor a negative operator may select the torrent on a guess.
Outcome FieldMatcher::evaluate_disk(const rules::Condition& c, size_t torrent) {
    switch (cache_.state(torrent, Space::Disk)) {
        case SlotState::NotFetched: return Outcome{Truth::Unknown, space_bit(Space::Disk)};
        case SlotState::Failed: return undecidable(c, torrent, "no file-usage index");
        case SlotState::Ready: break;
    }
    const DiskFactsRow& row = cache_.disk_facts(torrent);
    qbt_value value{};
    std::string name;
    if (c.field.key == "cross_seeds") {
        if (!row.cross_seeds.value) return undecidable(c, torrent, row.cross_seeds.reason);
        value.type = QBT_VALUE_INT;
        value.as.integer = *row.cross_seeds.value;
    } else {
        if (!row.hardlinks.value) return undecidable(c, torrent, row.hardlinks.reason);
        name = disk::hardlinks_name(*row.hardlinks.value);
        value.type = QBT_VALUE_STRING;
        value.as.string = qbt_string{name.data(), name.size()};
    }
    return Outcome{match_scalar(c, value, torrent) ? Truth::True : Truth::False, 0};
}

Outcome FieldMatcher::evaluate(const rules::Condition& c, Space space, size_t torrent) {
    auto truth = [](bool b) { return Outcome{b ? Truth::True : Truth::False, 0}; };
    const TorrentRecord& record = torrents_.at(torrent);
    if (space == Space::Info) {
        if (c.field.key == "tags") return truth(match_string_list(c, record.tags, torrent));
        const rapidjson::Value* value = member(*record.info, c.field.key);
        // A stopped state has a name on each side of qBittorrent 5.0 (state_names.hpp): the
        // condition sees both like a collection, so a rule written for either version holds
        // on both and a negative one (`!= pausedUP`) stays false for a stoppedUP torrent.
        if (c.field.key == "state" && value && value->IsString()) {
            const std::string_view state(value->GetString(), value->GetStringLength());
            if (auto other = other_state_name(state))
                return truth(match_string_list(c, {std::string(state), std::string(*other)}, torrent));
        }
        return truth(match_value(c, value, torrent));
    }
    if (space == Space::Disk) return evaluate_disk(c, torrent);
    switch (cache_.state(torrent, space)) {
        case SlotState::NotFetched: return Outcome{Truth::Unknown, space_bit(space)};
        case SlotState::Failed: return undecidable(c, torrent, std::string(space_name(space)) + " could not be fetched");
        case SlotState::Ready: break;
    }
    const rapidjson::Value& data = cache_.value(torrent, space);
    if (!is_collection(space)) return truth(match_value(c, member(data, c.field.key), torrent));
    // No files yet = metadata not loaded: no condition on files.* may decide anything.
    if (space == Space::Files && data.Empty()) return undecidable(c, torrent, "metadata not loaded");
    if (space == Space::Trackers && (c.field.key == "unregistered" || c.field.key == "down"))
        return truth(match_tracker_flag(c, data, torrent));
    return truth(match_items(c, data, &c.field.key, torrent));
}

}  // namespace qbt::engine
