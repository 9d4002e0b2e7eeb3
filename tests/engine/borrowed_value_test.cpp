// BorrowedValue (the compact qbt_value view TorrentStore hands to actions) must give
// plugins exactly what abi::OwnedValue gave: same types, keys, order and contents.
#include "abi/owned_value.hpp"
#include "engine/borrowed_value.hpp"
#include "engine/torrent_store.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <string_view>

using qbt::engine::BorrowedValue;
using qbt::engine::TorrentStore;

namespace {

std::string_view text(const qbt_string& s) { return std::string_view(s.data ? s.data : "", s.size); }

// Deep equality of two qbt_value trees; the first difference as a message, "" if equal.
std::string difference(const qbt_value& a, const qbt_value& b, const std::string& where) {
    if (a.type != b.type) return where + ": type " + std::to_string(a.type) + " vs " + std::to_string(b.type);
    switch (a.type) {
        case QBT_VALUE_BOOL: return a.as.boolean == b.as.boolean ? "" : where + ": bool";
        case QBT_VALUE_INT: return a.as.integer == b.as.integer ? "" : where + ": integer";
        case QBT_VALUE_DOUBLE: return a.as.number == b.as.number ? "" : where + ": number";
        case QBT_VALUE_STRING: return text(a.as.string) == text(b.as.string) ? "" : where + ": string";
        case QBT_VALUE_ARRAY:
            if (a.as.array.count != b.as.array.count) return where + ": item count";
            for (size_t i = 0; i < a.as.array.count; ++i)
                if (auto d = difference(a.as.array.items[i], b.as.array.items[i], where + "[" + std::to_string(i) + "]");
                    !d.empty())
                    return d;
            return "";
        case QBT_VALUE_OBJECT:
            if (a.as.object.count != b.as.object.count) return where + ": member count";
            for (size_t i = 0; i < a.as.object.count; ++i) {
                const qbt_member& ma = a.as.object.members[i];
                const qbt_member& mb = b.as.object.members[i];
                if (text(ma.key) != text(mb.key)) return where + ": key " + std::string(text(ma.key));
                if (auto d = difference(ma.value, mb.value, where + "." + std::string(text(ma.key))); !d.empty()) return d;
            }
            return "";
        default: return "";
    }
}

const char* kInfo =
    R"({"added_on":1732000000,"amount_left":0,"auto_tmm":false,"availability":-1,"category":"linux-isos",)"
    R"("completed":4700000000,"content_path":"/data/ubuntu-24.04-desktop-amd64.iso","dlspeed":0,)"
    R"("download_path":"","eta":8640000,"hash":"0123456789abcdef0123456789abcdef01234567",)"
    R"("magnet_uri":"magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=ubuntu",)"
    R"("max_ratio":-1,"name":"ubuntu-24.04-desktop-amd64.iso","progress":1,"ratio":2.5031,)"
    R"("ratio_limit":-2,"size":4700000000,"state":"stalledUP","tags":"keep, old","total_size":18446744073709551615,)"
    R"("nothing":null,"nested":{"list":[1,-2,3.5,"four",[],{}],"empty":{},"flag":true},"a\u0000b":"x\u0000y"})";

}  // namespace

TEST(BorrowedValue, GivesExactlyWhatOwnedValueGave) {
    rapidjson::Document doc;
    doc.Parse(kInfo);
    ASSERT_FALSE(doc.HasParseError());
    qbt::abi::OwnedValue owned(doc);
    BorrowedValue borrowed(doc);
    EXPECT_EQ(difference(*owned.root(), *borrowed.root(), "info"), "");
    ASSERT_EQ(borrowed.root()->type, QBT_VALUE_OBJECT);
    EXPECT_EQ(borrowed.root()->as.object.count, doc.MemberCount());
}

TEST(BorrowedValue, ScalarsAndEmptyContainersAtTheRoot) {
    for (const char* json : {"null", "true", "-7", "1.25", "\"text\"", "[]", "{}", "[[[]]]", "18446744073709551615"}) {
        rapidjson::Document doc;
        doc.Parse(json);
        qbt::abi::OwnedValue owned(doc);
        BorrowedValue borrowed(doc);
        EXPECT_EQ(difference(*owned.root(), *borrowed.root(), json), "");
    }
}

TEST(BorrowedValue, TorrentStoreViewFollowsMerges) {
    TorrentStore store;
    store.load(R"([{"hash":"aa","name":"one","tags":"","category":"a-long-category-name"}])");
    auto member = [&](const char* key) -> std::string {
        const qbt_value* info = store.abi_info(0);
        for (size_t i = 0; i < info->as.object.count; ++i)
            if (text(info->as.object.members[i].key) == key) return std::string(text(info->as.object.members[i].value.as.string));
        return "<absent>";
    };
    EXPECT_EQ(member("category"), "a-long-category-name");
    rapidjson::Document fields;
    fields.Parse(R"({"category":"another-long-category","tags":"x, y","added":"new member"})");
    store.merge(0, fields);
    EXPECT_EQ(member("category"), "another-long-category");
    EXPECT_EQ(member("tags"), "x, y");
    EXPECT_EQ(member("added"), "new member");
    EXPECT_EQ(member("name"), "one");
}
