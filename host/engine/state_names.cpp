#include "engine/state_names.hpp"

#include "webapi/endpoints.hpp"

namespace qbt::engine {
namespace {

struct Rename {
    std::string_view old_name;  // Web API < 2.11
    std::string_view new_name;  // Web API >= 2.11
};
constexpr Rename kRenames[] = {{"pausedUP", "stoppedUP"}, {"pausedDL", "stoppedDL"}};

}  // namespace

std::optional<std::string_view> other_state_name(std::string_view state) {
    for (const Rename& r : kRenames) {
        if (state == r.old_name) return r.new_name;
        if (state == r.new_name) return r.old_name;
    }
    return std::nullopt;
}

std::string state_name_for(std::string_view state, const webapi::ApiVersion& version) {
    const bool new_names = webapi::uses_stop_start(version);  // the same release renamed both
    for (const Rename& r : kRenames)
        if (state == r.old_name || state == r.new_name) return std::string(new_names ? r.new_name : r.old_name);
    return std::string(state);
}

}  // namespace qbt::engine
