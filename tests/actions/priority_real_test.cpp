// The queue-priority actions against a real qbittorrent-nox (4.5.2 and 5.1). Queue positions exist
// only for unfinished torrents with queueing enabled (qBittorrent answers 409 otherwise),
// so the torrents are emptied (files removed, rechecked) and queueing is switched on.
#include "real_fixture.hpp"

#include <gmock/gmock.h>

#include <filesystem>

namespace qbt::testing {

namespace {

class PriorityReal : public ActionsReal {
protected:
    // Three paused torrents with no data (progress 0), in queue order.
    static std::vector<std::string> unfinished(const std::string& prefix) {
        std::vector<TorrentSpec> specs(3);
        for (int i = 0; i < 3; ++i) {
            specs[i].name = prefix + "-" + std::to_string(i) + ".bin";
            specs[i].paused = true;
        }
        auto hashes = lab().add_torrents(specs);
        for (const auto& spec : specs) std::filesystem::remove(lab().data_dir() / spec.name);
        std::string joined;
        for (const auto& h : hashes) joined += (joined.empty() ? "" : "|") + h;
        lab().post("torrents/recheck", "hashes=" + joined);
        EXPECT_TRUE(wait_until([&] {
            for (const auto& h : hashes)
                if (normalized_state(field_text(h, "state")) != "stoppedDL") return false;
            return true;
        }, 10)) << field_text(hashes[0], "state");
        return hashes;
    }
    static void queueing(bool on) {
        lab().post("app/setPreferences",
                   std::string("json=%7B%22queueing_enabled%22%3A") + (on ? "true" : "false") + "%7D");
    }
    static int position(const std::string& hash) { return static_cast<int>(field_number(hash, "priority")); }
};

}  // namespace

TEST_F(PriorityReal, WithoutQueueingQbittorrentRefusesAndTheTorrentsFail) {
    queueing(false);
    const auto hashes = unfinished("noqueue");
    Torrents t = fetch(hashes);
    auto top = compile("set_top_priority");
    const auto r = top->execute(services_->table(), plugin::to_client(&handle_), t.span());
    ASSERT_EQ(r.rc, QBT_OK) << r.error;
    for (int32_t result : r.results) EXPECT_EQ(result, QBT_E_IO) << "409 must fail the torrent";
}

TEST_F(PriorityReal, MovesChangeTheQueuePosition) {
    queueing(true);
    const auto h = unfinished("prio");
    ASSERT_TRUE(wait_until([&] { return position(h[0]) > 0 && position(h[2]) > 0; }))
        << "no queue positions: priority " << position(h[0]);
    const int first = position(h[0]);
    ASSERT_EQ(position(h[1]), first + 1);
    ASSERT_EQ(position(h[2]), first + 2);

    auto top = compile("set_top_priority");
    run(*top, {h[2]});
    ASSERT_TRUE(wait_until([&] { return position(h[2]) == 1; })) << position(h[2]);

    run(*compile("set_bottom_priority"), {h[2]});
    ASSERT_TRUE(wait_until([&] { return position(h[2]) > position(h[0]) && position(h[2]) > position(h[1]); }));

    const int before = position(h[2]);
    run(*compile("increase_priority"), {h[2]});
    ASSERT_TRUE(wait_until([&] { return position(h[2]) == before - 1; })) << position(h[2]);
    run(*compile("decrease_priority"), {h[2]});
    ASSERT_TRUE(wait_until([&] { return position(h[2]) == before; })) << position(h[2]);
    queueing(false);
}

}  // namespace qbt::testing
