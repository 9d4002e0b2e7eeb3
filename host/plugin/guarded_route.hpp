// Which raw qbt_request calls of a plugin must go through the file guard: POST
// `torrents/delete` with deleteFiles=true (-> remove) and POST `torrents/setLocation`
// (-> move); torrents/delete keeping the files only asks protect:. Parsed from the request's form (or query) as qBittorrent would read it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::plugin {

struct GuardedRoute {
    // Unlist: torrents/delete keeping the files; only `protect:` is asked (FileGuard::protection).
    enum class Kind { Remove, Move, Unlist };
    Kind kind = Kind::Remove;
    std::vector<std::string> hashes;  // "h1|h2" split; may hold "all"
    std::string location;             // Move only
};

// nullopt: not a guarded call, send it on as it is.
std::optional<GuardedRoute> guarded_route(std::string_view method, std::string_view endpoint, std::string_view query,
                                          std::string_view form);

// "a=1&b=x%7Cy" -> {a: "1", b: "x|y"} (percent and '+' decoded; the first of a repeated
// key wins; a malformed escape is kept as written).
std::map<std::string, std::string> decode_form(std::string_view form);

}  // namespace qbt::plugin
