// Which qBittorrent a lab runs, and the command line that starts it. The version axis of
// the harness: QBT_TEST_QBITTORRENT=4.5 (default: Debian 12's qbittorrent-nox from PATH)
// or 5.1 (Debian 13's, in its own root made by scripts/qbittorrent5-root.sh).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace qbt::testing {

struct QbtRelease {
    std::string name;            // "4.5" | "5.1"
    std::filesystem::path root;  // empty: the host's own program; else a Debian root to chroot into
    std::string program;         // absolute path on the host (4.5) or inside root (5.1)
};

// "4.5": the host's program ($QBT_TEST_QBITTORRENT_NOX or qbittorrent-nox in PATH);
// "5.1": /usr/bin/qbittorrent-nox in the root $QBT_TEST_QBITTORRENT5_ROOT (default
// /var/cache/qbt-rules/trixie). Throws std::runtime_error naming the fix when it is missing.
QbtRelease release_named(const std::string& name);
// release_named($QBT_TEST_QBITTORRENT), "4.5" when unset.
QbtRelease release_from_env();

// argv starting qBittorrent with `args`. For a root: a private mount namespace (unshare)
// in which `visible` host directories are bind-mounted at the same paths inside the root
// (plus /proc, /dev and a private /tmp), then `exec chroot`, so the started pid is
// qBittorrent's and no mount reaches the host's table.
std::vector<std::string> launch_argv(const QbtRelease& release, const std::vector<std::filesystem::path>& visible,
                                     const std::vector<std::string>& args);

}  // namespace qbt::testing
