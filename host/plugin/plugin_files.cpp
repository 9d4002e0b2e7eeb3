#include "plugin/plugin_host.hpp"

#include "qbt_build_config.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace qbt::plugin {

std::vector<std::string> plugin_files_in(const std::string& dir) {
    std::vector<std::string> files;
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) return files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        // Only regular *.so files directly in the dir: no recursion, no hidden files.
        const auto name = entry.path().filename().string();
        if (name.empty() || name[0] == '.' || entry.path().extension() != ".so") continue;
        if (!entry.is_regular_file(ec)) continue;
        files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string resolve_builtin_dir(const std::string& configured) {
    if (!configured.empty()) return configured;
    if (const char* env = std::getenv("QBT_RULES_PLUGINS_BUILTIN_DIR"); env && *env) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        // Running from the build tree: <build>/host/qbt-rules next to <build>/plugins.
        const fs::path build_tree = exe.parent_path().parent_path() / "plugins";
        if (!plugin_files_in(build_tree.string()).empty()) return build_tree.string();
    }
    return QBT_RULES_PLUGIN_INSTALL_DIR;
}

}  // namespace qbt::plugin
