// A RapidJSON value as a qbt_value tree for plugins, built compactly: keys and strings
// point into the RapidJSON value instead of being copied, and every member and item lives
// in one of two arrays allocated once at their exact size. A torrent's info costs ~2 KB
// this way (abi::OwnedValue: ~5.8 KB: a std::string per key and three deques), which
// matters when a job hands 10,000 torrents to actions.
//
// The RapidJSON value must neither change nor go away while this lives (TorrentStore
// drops its view of a torrent whenever it merges new fields into it).
#pragma once

#include <qbt/value.h>

#include <rapidjson/document.h>

#include <cstddef>
#include <memory>

namespace qbt::engine {

class BorrowedValue {
public:
    explicit BorrowedValue(const rapidjson::Value& json);
    BorrowedValue(const BorrowedValue&) = delete;
    BorrowedValue& operator=(const BorrowedValue&) = delete;

    const qbt_value* root() const { return &root_; }

private:
    void count(const rapidjson::Value& json);
    void fill(qbt_value& out, const rapidjson::Value& json);

    qbt_value root_{};
    std::unique_ptr<qbt_member[]> members_;
    std::unique_ptr<qbt_value[]> items_;
    size_t members_used_ = 0;  // counts while sizing, then the next free slot while filling
    size_t items_used_ = 0;
};

}  // namespace qbt::engine
