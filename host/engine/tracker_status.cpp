#include "engine/tracker_status.hpp"

#include <algorithm>
#include <cctype>

namespace qbt::engine {
namespace {

constexpr int kNotWorking = 4;
constexpr int kTrackerError = 5;  // qBittorrent 5: the tracker answered with an error
constexpr int kUnreachable = 6;   // qBittorrent 5: no answer at all

std::string lowered(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool contains_any(const std::string& text, const std::vector<std::string>& needles) {
    return std::any_of(needles.begin(), needles.end(),
                       [&](const std::string& needle) { return !needle.empty() && text.find(needle) != std::string::npos; });
}

}  // namespace

const std::vector<std::string>& default_unregistered_messages() {
    static const std::vector<std::string> list = {
        "unregistered",           "not registered",          "torrent not found",
        "torrent is not found",   "torrent does not exist",  "unknown torrent",
        "infohash not found",     "trump",                   "retitled",
        "truncated",              "complete season uploaded", "has been deleted",
        "torrent deleted",        "dupe",                    "nuked",
        "torrent banned",         "specifically banned",     "torrent is not authorized",
        "problem with description", "problem with file",     "problem with pack",
        "pack is available",      "packs are available",     "season pack",
        "torrent existiert nicht", "torrent nicht gefunden", "tracker nicht registriert",
    };
    return list;
}

const std::vector<std::string>& outage_patterns() {
    static const std::vector<std::string> list = {
        "timed out",          "timeout",           "connection refused", "refused",
        "connection reset",   "reset by peer",     "unreachable",        "tracker is down",
        "is down",            "tracker unavailable", "maintenance",      "could not resolve",
        "host not found",     "unresolvable",      "name resolution",    "internal server error",
        "bad gateway",        "service unavailable", "gateway timeout",  "not implemented",
        "(unknown http error)", "ssl error",       "stream truncated",   "end of file",
        "temporarily",        "try again later",   "offline",            "not responding",
        "cannot connect",     "connection failed", "no connection",      "network",
    };
    return list;
}

TrackerStatus::TrackerStatus(const std::vector<std::string>& extra) : unregistered_(default_unregistered_messages()) {
    for (const auto& message : extra) unregistered_.push_back(lowered(message));
}

TrackerStatus::Verdict TrackerStatus::classify(int status, std::string_view message) const {
    if (status == kUnreachable) return {false, true};
    if (status != kNotWorking && status != kTrackerError) return {};
    const std::string text = lowered(message);
    if (contains_any(text, outage_patterns()) || !contains_any(text, unregistered_)) return {false, true};
    return {true, false};
}

}  // namespace qbt::engine
