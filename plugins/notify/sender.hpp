// Delivers one notify payload over HTTP(S) with libcurl: retries transport errors, 429
// and 5xx with exponential backoff; everything (attempts and pauses) stays within one
// deadline so a rule's notify never holds the worker longer than that.
#pragma once

#include "message.hpp"

#include <chrono>
#include <string>

namespace qbt::notify {

struct SendPolicy {
    std::chrono::milliseconds attempt_timeout{10000};
    int retries = 3;
    std::chrono::milliseconds first_backoff{500};
    std::chrono::milliseconds total_bound{30000};  // never more than this in all
};

struct SendResult {
    bool ok = false;
    int attempts = 0;
    long last_status = 0;   // HTTP status of the last answer, 0 when none arrived
    std::string problem;    // why not ok; never contains the URL
};

// The policy for these params: attempt timeout = params.timeout; the whole send is
// bounded by timeout * (retries + 1), capped at 30 s.
SendPolicy policy_for(const NotifyParams& params);

// "https://user:pw@hooks.example:8443/T0/K3Y?x=1" -> "https://hooks.example:8443": what a
// record may say about where a message went (a webhook's path and query hold its token).
std::string url_origin(const std::string& url);

SendResult send_payload(const std::string& url, const Payload& payload, const SendPolicy& policy);

}  // namespace qbt::notify
