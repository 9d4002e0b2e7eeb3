// trackers.unregistered / trackers.down: an outage never reads as "unregistered".
#include "engine/tracker_status.hpp"

#include <gtest/gtest.h>

using qbt::engine::TrackerStatus;

namespace {

std::string verdict(const TrackerStatus& status, int code, const std::string& message) {
    auto v = status.classify(code, message);
    return v.unregistered ? "unregistered" : v.down ? "down" : "neither";
}

}  // namespace

TEST(TrackerStatus, UnregisteredMessagesOnNotWorkingRows) {
    TrackerStatus status;
    for (const char* message : {"Unregistered torrent", "unregistered torrent", "Torrent not registered with this tracker",
                                "Torrent not found", "torrent does not exist", "Unknown torrent", "InfoHash not found.",
                                "Trumped", "Retitled", "Complete Season Uploaded: S01", "Torrent has been deleted.",
                                "Dupe: x", "Nuked", "Torrent is not authorized for use on this tracker",
                                "Torrent existiert nicht"})
        EXPECT_EQ(verdict(status, 4, message), "unregistered") << message;
    // qBittorrent 5's "tracker error" state reads the same way; other states never do.
    EXPECT_EQ(verdict(status, 5, "Unregistered torrent"), "unregistered");
    for (int code : {0, 1, 2, 3}) EXPECT_EQ(verdict(status, code, "Unregistered torrent"), "neither") << code;
}

TEST(TrackerStatus, OutagesAreDownNeverUnregistered) {
    TrackerStatus status;
    for (const char* message : {"Connection refused", "Service Unavailable", "Bad Gateway", "Gateway Timeout",
                                "Internal Server Error", "timed out", "Connection reset by peer",
                                "tracker is down for maintenance", "Host not found (authoritative)",
                                "Could not resolve host", "Stream truncated", "", "Some message nobody knows",
                                // both lists: the outage wins, an outage must never look unregistered
                                "Unregistered torrent check failed: timed out"})
        EXPECT_EQ(verdict(status, 4, message), "down") << message;
    EXPECT_EQ(verdict(status, 6, ""), "down");  // qBittorrent 5: unreachable
    EXPECT_EQ(verdict(status, 2, "Connection refused"), "neither");
    // Passkey problems are the account's, not a deleted torrent.
    EXPECT_EQ(verdict(status, 4, "Invalid passkey"), "down");
}

TEST(TrackerStatus, ConfiguredMessagesExtendTheList) {
    EXPECT_EQ(verdict(TrackerStatus(), 4, "Removed by moderator"), "down");
    TrackerStatus extended({"Removed By Moderator"});
    EXPECT_EQ(verdict(extended, 4, "removed by moderator: rule 3"), "unregistered");
    EXPECT_EQ(verdict(extended, 4, "Unregistered torrent"), "unregistered");
}
