// CurlWebApi::request_each / request_many: independent calls on a CURLM, at most
// max_concurrency in flight, each answer handed over as soon as it completes; a 403 batch
// is retried once after renewing the session.
#include <algorithm>
#include <memory>
#include <numeric>

#include "webapi/call_gate.hpp"
#include "webapi/curl_web_api.hpp"

namespace qbt::webapi {

std::vector<Response> CurlWebApi::request_many(const std::vector<Request>& requests) {
    std::vector<Response> responses(requests.size());
    request_each(requests, [&](size_t index, Response response) { responses[index] = std::move(response); });
    return responses;
}

void CurlWebApi::request_each(const std::vector<Request>& requests, const AnswerSink& on_answer) {
    if (requests.empty()) return;
    for (const auto& request : requests) check_request(request);
    check_call_gate();
    Session session = ensure_session();
    std::lock_guard lock(multi_mutex_);
    ensure_multi();

    // A 403 means the session expired meanwhile: hold those calls back and retry them once.
    std::vector<size_t> forbidden;
    const AnswerSink first_round = [&](size_t index, Response response) {
        if (response.status == 403) {
            forbidden.push_back(index);
        } else {
            on_answer(index, std::move(response));
        }
    };
    std::vector<size_t> all(requests.size());
    std::iota(all.begin(), all.end(), size_t{0});
    run_batch(requests, all, session.sid, first_round);
    if (!forbidden.empty()) {
        renew_session(session.generation);
        run_batch(requests, forbidden, ensure_session().sid, on_answer);
    }
}

void CurlWebApi::run_batch(const std::vector<Request>& requests, const std::vector<size_t>& indices,
                           const std::string& sid, const AnswerSink& deliver) {
    const size_t slots = std::min(max_concurrency_, indices.size());
    while (pool_.size() < slots) {
        CURL* easy = curl_easy_init();
        if (!easy) throw WebApiError(WebApiError::Kind::Protocol, "libcurl: curl_easy_init failed");
        pool_.push_back(easy);
    }

    // One Transfer per slot (null when the slot is idle); the slot travels in CURLINFO_PRIVATE.
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
    auto detach_all = [&] {
        for (size_t slot = 0; slot < slots; ++slot) curl_multi_remove_handle(multi_, pool_[slot]);
    };
    // The multi handle itself broke: fail every call still without an answer.
    auto fail_remaining = [&](CURLMcode code) {
        detach_all();
        const std::string error = std::string("libcurl multi failure: ") + curl_multi_strerror(code);
        for (size_t slot = 0; slot < slots; ++slot)
            if (transfers[slot]) deliver(slot_request[slot], Response{0, error});
        for (; next < indices.size(); ++next) deliver(indices[next], Response{0, error});
    };

    try {
        for (size_t slot = 0; slot < slots; ++slot) start_on(slot);
        size_t in_flight = slots;
        while (in_flight > 0) {
            int running = 0;
            CURLMcode code = curl_multi_perform(multi_, &running);
            if (code != CURLM_OK) return fail_remaining(code);
            // Collect finished transfers before waiting: they may have completed in perform().
            int queued = 0;
            while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
                if (message->msg != CURLMSG_DONE) continue;
                void* slot_pointer = nullptr;
                curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &slot_pointer);
                const size_t slot = reinterpret_cast<size_t>(slot_pointer);
                const CURLcode result = message->data.result;
                std::unique_ptr<Transfer> transfer = std::move(transfers[slot]);
                observe(pool_[slot], transfer->request().endpoint);
                Response response = result == CURLE_OK ? transfer->response(pool_[slot])
                                                       : Response{0, transfer->error(result).what()};
                curl_multi_remove_handle(multi_, pool_[slot]);
                transfer.reset();
                --in_flight;
                deliver(slot_request[slot], std::move(response));
                if (next < indices.size()) {
                    if (std::string refusal = call_gate_refusal(); !refusal.empty()) {
                        for (; next < indices.size(); ++next) deliver(indices[next], Response{0, refusal});
                    } else {
                        start_on(slot);
                        ++in_flight;
                    }
                }
            }
            if (in_flight == 0) break;
            code = curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
            if (code != CURLM_OK) return fail_remaining(code);
        }
    } catch (...) {
        detach_all();  // e.g. `deliver` threw: leave no handle attached to the shared multi
        throw;
    }
}

}  // namespace qbt::webapi
