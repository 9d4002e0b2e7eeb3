#include "qbt_release.hpp"

#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "child_process.hpp"

namespace qbt::testing {
namespace {

constexpr const char* kDefaultRoot = "/var/cache/qbt-rules/trixie";

// Runs inside the new mount namespace: $1 root, $2 number of visible dirs, then the dirs,
// then qBittorrent's arguments. The root's /tmp becomes a tmpfs first, so mount points made
// for directories under /tmp vanish with the process instead of piling up in the cached root.
constexpr const char* kEnterRoot = R"sh(set -e
root=$1; count=$2; shift 2
mount -t tmpfs -o mode=1777 qbt-lab-tmp "$root/tmp"
while [ "$count" -gt 0 ]; do
    mkdir -p "$root$1"
    mount --bind "$1" "$root$1"
    shift; count=$((count - 1))
done
mount --bind /proc "$root/proc"
mount --rbind /dev "$root/dev"
exec chroot "$root" "$@"
)sh";

std::string env_or(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value && *value ? value : fallback;
}

}  // namespace

QbtRelease release_from_env() { return release_named(env_or("QBT_TEST_QBITTORRENT", "4.5")); }

QbtRelease release_named(const std::string& wanted) {
    if (wanted == "4.5") {
        const std::string program = env_or("QBT_TEST_QBITTORRENT_NOX", "qbittorrent-nox");
        std::string found = find_in_path(program);
        if (found.empty())
            throw std::runtime_error("QbtLab: '" + program +
                                     "' not found (install Debian's qbittorrent-nox or set QBT_TEST_QBITTORRENT_NOX)");
        return {wanted, {}, found};
    }
    if (wanted == "5.1") {
        const std::filesystem::path root = env_or("QBT_TEST_QBITTORRENT5_ROOT", kDefaultRoot);
        const std::string program = "/usr/bin/qbittorrent-nox";
        if (::access((root.string() + program).c_str(), X_OK) != 0)
            throw std::runtime_error("QbtLab: qBittorrent 5.1 not found at " + root.string() + program +
                                     " (run scripts/qbittorrent5-root.sh, or set QBT_TEST_QBITTORRENT5_ROOT)");
        return {wanted, root, program};
    }
    throw std::runtime_error("QbtLab: QBT_TEST_QBITTORRENT='" + wanted + "' is not a known version (4.5 or 5.1)");
}

std::vector<std::string> launch_argv(const QbtRelease& release, const std::vector<std::filesystem::path>& visible,
                                     const std::vector<std::string>& args) {
    std::vector<std::string> argv;
    if (release.root.empty()) {
        argv.push_back(release.program);
    } else {
        argv = {"unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", kEnterRoot, "qbt-lab-enter",
                release.root.string(), std::to_string(visible.size())};
        for (const auto& dir : visible) argv.push_back(std::filesystem::absolute(dir).lexically_normal().string());
        argv.push_back(release.program);
    }
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

}  // namespace qbt::testing
