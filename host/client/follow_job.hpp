// --wait: polls a job until it ends, showing its status, then prints the outcome.
#pragma once

#include "client/api_client.hpp"
#include "client/client.hpp"

#include <string>

namespace qbt::client {

// Returns kCompleted / kFailed / kCancelled; throws ClientError when the server stays
// unreachable longer than io.unreachable_grace or refuses the request.
int follow_job(const ApiClient& api, const std::string& job_id, const ClientIo& io);

}  // namespace qbt::client
