#include "webapi/endpoints.hpp"

namespace qbt::webapi {

bool uses_stop_start(const ApiVersion& version) { return version.at_least(2, 11, 0); }

bool has_info_trackers(const ApiVersion& version) { return version.at_least(2, 11, 4); }

std::string pause_endpoint(const ApiVersion& version) {
    return uses_stop_start(version) ? "torrents/stop" : "torrents/pause";
}

std::string resume_endpoint(const ApiVersion& version) {
    return uses_stop_start(version) ? "torrents/start" : "torrents/resume";
}

}  // namespace qbt::webapi
