// The API's routing table on a Pistache router: each endpoint with the access it needs,
// JSON 405 for other methods on a known path, JSON 404 for unknown paths.
#pragma once

#include "server/api.hpp"

#include <pistache/router.h>

namespace qbt::server {

// `api` must outlive the router.
void install_routes(Pistache::Rest::Router& router, ApiContext& api);

}  // namespace qbt::server
