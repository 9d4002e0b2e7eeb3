// A per-thread check run before every qBittorrent call (CurlWebApi::request and each
// call of request_many). The job worker installs one while a job runs under an instance
// lease: once the lease cannot be kept, the gate throws and no further call is sent, so
// a server that lost its lease stops talking to qBittorrent before another may start.
// Header-only (a thread_local), so any layer can install or check it.
#pragma once

#include "webapi/web_api.hpp"

#include <functional>
#include <string>

namespace qbt::webapi {

// Returns "" to let the call go, else why not (becomes a WebApiError).
using CallGate = std::function<std::string()>;

namespace detail {
inline const CallGate*& current_call_gate() {
    thread_local const CallGate* gate = nullptr;
    return gate;
}
}  // namespace detail

// Installs `gate` on this thread for the scope's lifetime (restores the previous one).
class ScopedCallGate {
public:
    explicit ScopedCallGate(CallGate gate) : gate_(std::move(gate)), previous_(detail::current_call_gate()) {
        detail::current_call_gate() = &gate_;
    }
    ~ScopedCallGate() { detail::current_call_gate() = previous_; }
    ScopedCallGate(const ScopedCallGate&) = delete;
    ScopedCallGate& operator=(const ScopedCallGate&) = delete;

private:
    CallGate gate_;
    const CallGate* previous_;
};

// "" when this thread may call qBittorrent now, else the gate's reason.
inline std::string call_gate_refusal() {
    const CallGate* gate = detail::current_call_gate();
    return gate ? (*gate)() : std::string();
}

// Throws WebApiError (Unreachable, with the gate's reason) when the gate refuses.
inline void check_call_gate() {
    std::string refusal = call_gate_refusal();
    if (!refusal.empty()) throw WebApiError(WebApiError::Kind::Unreachable, refusal);
}

}  // namespace qbt::webapi
