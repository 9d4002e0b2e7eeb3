// The host's qbt_request is the choke point (ABI 1.2): a raw torrents/delete with
// deleteFiles=true and a raw torrents/setLocation go through the guard, whatever the
// plugin's version; dry-run calls may only read; remove_torrents/move_torrents reach it.
#include "cleanup_fakes.hpp"
#include "plugin/guarded_route.hpp"
#include "plugin/host_services.hpp"

#include <qbt/action.h>
#include <qbt/cpp/writer.hpp>

#include <gtest/gtest.h>

#include <set>

namespace qbt::testing {
namespace {

struct RecordingGuard : plugin::FileGuard {
    std::vector<std::vector<std::string>> removed, moved;
    std::vector<plugin::RemoveOptions> options;
    std::vector<std::string> locations;
    int32_t answer = QBT_OK;
    std::vector<plugin::GuardResult> remove(const std::vector<std::string>& hashes,
                                            const plugin::RemoveOptions& o) override {
        removed.push_back(hashes);
        options.push_back(o);
        return std::vector<plugin::GuardResult>(hashes.size(), {answer, answer ? "shares files with X" : ""});
    }
    std::vector<plugin::GuardResult> move(const std::vector<std::string>& hashes,
                                          const std::vector<std::string>& where) override {
        moved.push_back(hashes);
        locations = where;
        return std::vector<plugin::GuardResult>(hashes.size(), {answer, ""});
    }
    std::set<std::string> protected_hashes;
    std::string protection(const std::string& hash) override {
        return protected_hashes.count(hash) ? "matched by protect" : "";
    }
};

class GuardedRoute : public ::testing::Test {
protected:
    struct Answer {
        int rc = 0;
        int32_t status = 0;
        std::string body;
        std::string error;
    };
    Answer raw(const char* method, const char* endpoint, const char* form) {
        qbt_api_request request{sizeof(qbt_api_request), method, endpoint, nullptr, form};
        Answer a;
        qbt_error err{};
        a.rc = services.table()->qbt_request(services.table(), plugin::to_client(&handle), &request, sdk::string_writer,
                                             &a.body, &a.status, &err);
        a.error = err.message;
        return a;
    }
    plugin::HostServices services{"org.test.raw", "{}"};
    FakeQbt qbt;
    RecordingGuard guard;
    plugin::ClientHandle handle{&qbt, &guard, false};
};

TEST_F(GuardedRoute, RawDeleteWithFilesGoesThroughTheGuard) {
    Answer a = raw("POST", "torrents/delete", "hashes=AA%7Cbb&deleteFiles=true");
    ASSERT_EQ(a.rc, QBT_OK) << a.error;
    EXPECT_EQ(a.status, 200);
    ASSERT_EQ(guard.removed.size(), 1u);
    EXPECT_EQ(guard.removed[0], (std::vector<std::string>{"aa", "bb"}));
    EXPECT_TRUE(guard.options[0].delete_files);
    EXPECT_FALSE(guard.options[0].include_cross_seeds);
    EXPECT_TRUE(guard.options[0].recycle);
    EXPECT_TRUE(qbt.calls.empty()) << "nothing went to qBittorrent directly";

    guard.answer = QBT_E_STATE;
    a = raw("POST", "/api/v2/torrents/delete", "deleteFiles=TRUE&hashes=cc");
    EXPECT_EQ(a.status, 409);
    EXPECT_EQ(a.body, "cc: shares files with X\n");

    a = raw("POST", "torrents/delete", "hashes=all&deleteFiles=true");
    EXPECT_EQ(a.rc, QBT_E_INVALID);
    EXPECT_NE(a.error.find("name the torrents"), std::string::npos);
    EXPECT_EQ(guard.removed.size(), 2u);
}

TEST_F(GuardedRoute, RawDeleteWithoutFilesAndReadsPassThrough) {
    EXPECT_EQ(raw("POST", "torrents/delete", "hashes=aa&deleteFiles=false").rc, QBT_OK);
    EXPECT_EQ(raw("GET", "torrents/info", nullptr).rc, QBT_OK);
    EXPECT_TRUE(guard.removed.empty());
    ASSERT_EQ(qbt.calls.size(), 2u);
    EXPECT_EQ(qbt.calls[0].form, "hashes=aa&deleteFiles=false");
}

// Issue 19: removing a torrent keeping its files still leaves the protected ones alone.
TEST_F(GuardedRoute, RawDeleteWithoutFilesSparesProtectedTorrents) {
    guard.protected_hashes = {"bb"};
    Answer a = raw("POST", "torrents/delete", "hashes=aa%7CBB%7Ccc&deleteFiles=false");
    ASSERT_EQ(a.rc, QBT_OK) << a.error;
    EXPECT_EQ(a.status, 409);
    EXPECT_EQ(a.body, "bb: protected: matched by protect\n");
    ASSERT_EQ(qbt.calls.size(), 1u);
    EXPECT_EQ(qbt.calls[0].form, "hashes=aa%7Ccc&deleteFiles=false") << "the others go";
    guard.protected_hashes = {"dd"};
    a = raw("POST", "torrents/delete", "hashes=dd&deleteFiles=false");
    EXPECT_EQ(a.status, 409);
    EXPECT_EQ(qbt.calls.size(), 1u) << "nothing left to remove: no call";
    EXPECT_TRUE(guard.removed.empty());
}

TEST_F(GuardedRoute, RawSetLocationIsAGuardedMove) {
    Answer a = raw("POST", "torrents/setLocation", "hashes=aa&location=%2Fdata%2Fnew%20place");
    ASSERT_EQ(a.rc, QBT_OK);
    ASSERT_EQ(guard.moved.size(), 1u);
    EXPECT_EQ(guard.locations, std::vector<std::string>{"/data/new place"});
    EXPECT_TRUE(qbt.calls.empty());
}

TEST_F(GuardedRoute, DryRunCallsMayOnlyRead) {
    handle.dry_run = true;
    Answer a = raw("POST", "torrents/addTags", "hashes=aa&tags=x");
    EXPECT_EQ(a.rc, QBT_E_STATE);
    EXPECT_NE(a.error.find("dry run: POST torrents/addTags refused"), std::string::npos) << a.error;
    EXPECT_EQ(raw("POST", "torrents/delete", "hashes=aa&deleteFiles=true").rc, QBT_E_STATE);
    EXPECT_EQ(raw("GET", "torrents/info", nullptr).rc, QBT_OK);
    EXPECT_EQ(qbt.calls.size(), 1u);
    EXPECT_TRUE(guard.removed.empty());
}

TEST_F(GuardedRoute, WithoutAGuardRemovalsAreRefused) {
    handle.guard = nullptr;
    EXPECT_EQ(raw("POST", "torrents/delete", "hashes=aa&deleteFiles=true").rc, QBT_E_UNSUPPORTED);
    EXPECT_EQ(raw("POST", "torrents/setLocation", "hashes=aa&location=/x").rc, QBT_E_UNSUPPORTED);
    EXPECT_TRUE(qbt.calls.empty());
}

TEST_F(GuardedRoute, RemoveAndMoveServicesReachTheGuard) {
    const qbt_string hashes[] = {{"aa", 2}, {"bb", 2}};
    qbt_action_call call{sizeof(qbt_action_call), services.table(), plugin::to_client(&handle), "job", "rule", 0};
    qbt_remove_request remove{sizeof(qbt_remove_request), hashes, 2, 1, 1, QBT_RECYCLE_NEVER};
    int32_t results[2] = {99, 99};
    qbt_error err{};
    ASSERT_EQ(services.table()->remove_torrents(services.table(), &call, &remove, results, &err), QBT_OK) << err.message;
    EXPECT_EQ(results[0], QBT_OK);
    EXPECT_TRUE(guard.options[0].include_cross_seeds);
    EXPECT_FALSE(guard.options[0].recycle);
    const char* where[] = {"/a", "/b"};
    qbt_move_request move{sizeof(qbt_move_request), hashes, 2, nullptr, where};
    ASSERT_EQ(services.table()->move_torrents(services.table(), &call, &move, results, &err), QBT_OK);
    EXPECT_EQ(guard.locations, (std::vector<std::string>{"/a", "/b"}));
    qbt_move_request nowhere{sizeof(qbt_move_request), hashes, 2, nullptr, nullptr};
    EXPECT_EQ(services.table()->move_torrents(services.table(), &call, &nowhere, results, &err), QBT_E_INVALID);
    remove.struct_size = offsetof(qbt_remove_request, recycle);  // too small to hold every member
    EXPECT_EQ(services.table()->remove_torrents(services.table(), &call, &remove, results, &err), QBT_E_INVALID);
}

TEST(GuardedRouteParse, FormAndQueryAreReadAsQbittorrentReadsThem) {
    auto r = plugin::guarded_route("POST", "torrents/delete", "deleteFiles=true", "hashes=a%7Cb");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->hashes, (std::vector<std::string>{"a", "b"}));
    EXPECT_FALSE(plugin::guarded_route("GET", "torrents/delete", "", "hashes=a&deleteFiles=true"));
    EXPECT_FALSE(plugin::guarded_route("POST", "torrents/deleted", "", "hashes=a&deleteFiles=true"));
    EXPECT_EQ(plugin::decode_form("a=1&b=x%7Cy+z&a=2&c"), (std::map<std::string, std::string>{
                                                              {"a", "1"}, {"b", "x|y z"}, {"c", ""}}));
}

}  // namespace
}  // namespace qbt::testing
