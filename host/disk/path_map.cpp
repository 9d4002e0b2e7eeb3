#include "disk/path_map.hpp"

namespace qbt::disk {
namespace {

// Applies the longest matching prefix among `pairs` (from -> to, or to -> from when reversed).
std::string rewrite(const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view path,
                    bool reverse) {
    std::string normal = normalize_path(path);
    const std::pair<std::string, std::string>* best = nullptr;
    for (const auto& pair : pairs) {
        const std::string& from = reverse ? pair.second : pair.first;
        if (has_path_prefix(normal, from) && (!best || from.size() > (reverse ? best->second : best->first).size()))
            best = &pair;
    }
    if (!best) return normal;
    const std::string& from = reverse ? best->second : best->first;
    const std::string& to = reverse ? best->first : best->second;
    std::string rest = from == "/" ? normal.substr(1) : normal.substr(std::min(normal.size(), from.size() + 1));
    if (rest.empty()) return to;
    return to == "/" ? "/" + rest : to + "/" + rest;
}

}  // namespace

std::string normalize_path(std::string_view path) {
    std::string out;
    out.reserve(path.size());
    size_t i = 0;
    while (i < path.size()) {
        size_t end = path.find('/', i);
        if (end == std::string_view::npos) end = path.size();
        std::string_view part = path.substr(i, end - i);
        if (!part.empty() && part != ".") {
            if (!out.empty() || path.front() == '/') out += '/';
            out.append(part);
        }
        i = end + 1;
    }
    if (out.empty()) return path.empty() || path.front() != '/' ? std::string() : "/";
    return out;
}

bool has_path_prefix(std::string_view path, std::string_view prefix) {
    if (prefix == "/") return !path.empty() && path.front() == '/';
    if (path.size() < prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
    return path.size() == prefix.size() || path[prefix.size()] == '/';
}

PathMap::PathMap(const std::map<std::string, std::string>& prefixes) {
    for (const auto& [from, to] : prefixes) entries_.emplace_back(normalize_path(from), normalize_path(to));
}

std::string PathMap::to_local(std::string_view qbittorrent_path) const {
    return rewrite(entries_, qbittorrent_path, false);
}

std::string PathMap::to_qbittorrent(std::string_view local_path) const { return rewrite(entries_, local_path, true); }

std::vector<std::string> PathMap::local_roots() const {
    std::vector<std::string> roots;
    for (const auto& entry : entries_) roots.push_back(entry.second);
    return roots;
}

}  // namespace qbt::disk
