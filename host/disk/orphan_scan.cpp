#include "disk/orphan_scan.hpp"

#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "disk/path_map.hpp"

namespace qbt::disk {
namespace {

constexpr size_t kMaxProblems = 50;

bool matches(const std::vector<std::string>& globs, const std::string& path, const std::string& name) {
    return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
        return ::fnmatch(glob.c_str(), path.c_str(), 0) == 0 || ::fnmatch(glob.c_str(), name.c_str(), 0) == 0;
    });
}

// The roots sorted, without duplicates and without roots inside another root.
std::vector<std::string> outermost(std::vector<std::string> roots) {
    for (auto& root : roots) root = normalize_path(root);
    std::sort(roots.begin(), roots.end());
    std::vector<std::string> kept;
    for (const auto& root : roots) {
        if (root.empty()) continue;
        if (std::none_of(kept.begin(), kept.end(), [&](const std::string& k) { return has_path_prefix(root, k); }))
            kept.push_back(root);
    }
    return kept;
}

class Walker {
public:
    Walker(const FileUsageIndex& index, const OrphanOptions& options, OrphanScan& out)
        : index_(index), options_(options), out_(out) {}

    void walk(const std::string& root) {
        std::vector<std::string> pending{root};
        while (!pending.empty()) {
            const std::string dir = std::move(pending.back());
            pending.pop_back();
            std::error_code ec;
            std::filesystem::directory_iterator it(dir, ec), end;
            if (ec) {
                problem(dir + ": cannot list (" + ec.message() + ")");
                continue;
            }
            for (; it != end; it.increment(ec)) {
                const std::string path = it->path().string();
                const FileStat stat = lstat_path(path);
                if (stat.directory) {
                    if (!excluded_dir(path)) pending.push_back(path);
                } else if (stat.regular) {
                    file(path, it->path().filename().string(), stat);
                }  // symlinks, sockets, devices: never orphans
            }
            if (ec) problem(dir + ": listing stopped (" + ec.message() + ")");
        }
    }

private:
    bool excluded_dir(const std::string& path) const {
        return std::any_of(options_.exclude_dirs.begin(), options_.exclude_dirs.end(),
                           [&](const std::string& dir) { return has_path_prefix(path, normalize_path(dir)); });
    }

    void file(const std::string& path, const std::string& name, const FileStat& stat) {
        ++out_.files_seen;
        if (matches(builtin_orphan_excludes(), path, name) || matches(options_.exclude, path, name)) {
            ++out_.excluded;
            return;
        }
        if (index_.in_use(path, stat)) {  // lstat of a regular file: the same as stat
            ++out_.in_use;
            return;
        }
        const int64_t changed = std::max(stat.mtime, stat.ctime);
        if (changed > options_.now - options_.grace_seconds) {
            ++out_.too_young;
            return;
        }
        ++out_.orphan_count;
        out_.orphan_bytes += stat.size;
        out_.orphans.push_back({path, stat.size, options_.now - changed, stat});
    }

    void problem(std::string text) {
        if (out_.problems.size() < kMaxProblems) out_.problems.push_back(std::move(text));
    }

    const FileUsageIndex& index_;
    const OrphanOptions& options_;
    OrphanScan& out_;
};

}  // namespace

const std::vector<std::string>& builtin_orphan_excludes() {
    static const std::vector<std::string> globs = {"*.!qB", "*.parts", ".fuse_hidden*"};
    return globs;
}

OrphanScan scan_orphans(const std::vector<std::string>& roots, const FileUsageIndex& index,
                        const OrphanOptions& options) {
    OrphanScan out;
    out.roots = outermost(roots);
    Walker walker(index, options, out);
    for (const auto& root : out.roots) {
        const FileStat stat = stat_path(root);
        if (!stat.present() || !stat.directory) {
            if (out.problems.size() < kMaxProblems)
                out.problems.push_back(root + ": " + (stat.present() ? "not a directory" : stat.problem()));
            continue;
        }
        walker.walk(root);
    }
    std::sort(out.orphans.begin(), out.orphans.end(), [](const Orphan& a, const Orphan& b) { return a.path < b.path; });
    if (out.orphans.size() > options.max) out.orphans.resize(options.max);
    return out;
}

std::string check_orphan(const Orphan& orphan, const FileUsageIndex& index) {
    const FileStat now = lstat_path(orphan.path);
    if (!now.present()) return "already gone";
    if (!now.regular || now.dev != orphan.stat.dev || now.ino != orphan.stat.ino || now.size != orphan.stat.size ||
        now.mtime != orphan.stat.mtime)
        return "changed since the scan";
    if (index.in_use(orphan.path, now)) return "in use";
    return "";
}

std::string remove_orphan(const Orphan& orphan, const FileUsageIndex& index) {
    if (std::string why = check_orphan(orphan, index); !why.empty()) return why;
    if (::unlink(orphan.path.c_str()) != 0) return std::strerror(errno);
    return "";
}

}  // namespace qbt::disk
