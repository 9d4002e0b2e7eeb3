// CurlWebApi::request_many: independent calls on a CURLM, at most max_concurrency in flight,
// answers in request order; a 403 batch is retried once after renewing the session.
#include <memory>

#include "qbt/call_gate.hpp"
#include "qbt/curl_web_api.hpp"

namespace qbt::webapi {

std::vector<Response> CurlWebApi::request_many(const std::vector<Request>& requests) {
    std::vector<Response> responses(requests.size());
    if (requests.empty()) return responses;
    for (const auto& request : requests) check_request(request);
    check_call_gate();
    Session session = ensure_session();
    std::lock_guard lock(multi_mutex_);

    std::vector<size_t> all(requests.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    run_batch(requests, all, session.sid, responses);

    std::vector<size_t> forbidden;
    for (size_t i = 0; i < responses.size(); ++i)
        if (responses[i].status == 403) forbidden.push_back(i);
    if (!forbidden.empty()) {
        renew_session(session.generation);
        run_batch(requests, forbidden, ensure_session().sid, responses);
    }
    return responses;
}

void CurlWebApi::fail_remaining(const std::vector<size_t>& indices, size_t slots, CURLMcode code,
                                std::vector<Response>& responses) {
    // The multi handle itself broke: detach every handle and fail what has no answer.
    for (size_t slot = 0; slot < slots; ++slot) curl_multi_remove_handle(multi_, pool_[slot]);
    for (size_t index : indices)
        if (responses[index].status == 0 && responses[index].body.empty())
            responses[index] = {0, std::string("libcurl multi failure: ") + curl_multi_strerror(code)};
}

void CurlWebApi::run_batch(const std::vector<Request>& requests, const std::vector<size_t>& indices,
                           const std::string& sid, std::vector<Response>& responses) {
    const size_t slots = std::min(max_concurrency_, indices.size());
    while (pool_.size() < slots) {
        CURL* easy = curl_easy_init();
        if (!easy) throw WebApiError(WebApiError::Kind::Protocol, "libcurl: curl_easy_init failed");
        pool_.push_back(easy);
    }

    // One Transfer per slot; the slot number travels in CURLINFO_PRIVATE.
    std::vector<std::unique_ptr<Transfer>> transfers(slots);
    std::vector<size_t> slot_request(slots);
    size_t next = 0;
    auto start_on = [&](size_t slot) {
        const size_t index = indices[next++];
        transfers[slot] = std::make_unique<Transfer>(settings_, requests[index], sid);
        slot_request[slot] = index;
        transfers[slot]->attach(pool_[slot]);
        curl_easy_setopt(pool_[slot], CURLOPT_PRIVATE, reinterpret_cast<void*>(slot));
        counter_.add(requests[index].endpoint);
        curl_multi_add_handle(multi_, pool_[slot]);
    };
    for (size_t slot = 0; slot < slots; ++slot) start_on(slot);

    size_t in_flight = slots;
    while (in_flight > 0) {
        int running = 0;
        CURLMcode code = curl_multi_perform(multi_, &running);
        if (code != CURLM_OK) return fail_remaining(indices, slots, code, responses);
        // Collect finished transfers before waiting: they may have completed in perform().
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
            if (message->msg != CURLMSG_DONE) continue;
            void* slot_pointer = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &slot_pointer);
            const size_t slot = reinterpret_cast<size_t>(slot_pointer);
            const CURLcode result = message->data.result;
            Transfer& transfer = *transfers[slot];
            observe(pool_[slot], transfer.request().endpoint);
            responses[slot_request[slot]] = result == CURLE_OK
                                                ? transfer.response(pool_[slot])
                                                : Response{0, transfer.error(result).what()};
            curl_multi_remove_handle(multi_, pool_[slot]);
            --in_flight;
            if (next < indices.size()) {
                if (std::string refusal = call_gate_refusal(); !refusal.empty()) {
                    for (; next < indices.size(); ++next) responses[indices[next]] = {0, refusal};
                } else {
                    start_on(slot);
                    ++in_flight;
                }
            }
        }
        if (in_flight == 0) break;
        code = curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
        if (code != CURLM_OK) return fail_remaining(indices, slots, code, responses);
    }
}

}  // namespace qbt::webapi
