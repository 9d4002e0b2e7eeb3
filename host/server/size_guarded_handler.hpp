// The router's Pistache handler, with requests over server.max_request_bytes answered once
// in JSON and the connection closed. Pistache 0.0.5 answers them with a plain-text 413,
// starts a new request with the bytes that follow and parses the rest of a 100 KB URL as
// a second request ("400 Unknown HTTP request method") on the same connection.
#pragma once

#include <pistache/router.h>

#include <memory>

namespace qbt::server {

class SizeGuardedHandler : public Pistache::Rest::Private::RouterHandler {
public:
    HTTP_PROTOTYPE(SizeGuardedHandler)
    explicit SizeGuardedHandler(std::shared_ptr<Pistache::Rest::Router> router);

private:
    // Pistache's Http::Handler::onInput, but: an oversized request gets one JSON 414 (the
    // request line alone is too long) or 413, then the write side is shut and what the
    // client still sends is read and dropped until it closes; parser errors answer JSON 400.
    void onInput(const char* buffer, size_t len, const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
    void refuse_oversized(const std::shared_ptr<Pistache::Tcp::Peer>& peer, bool in_request_line);
};

}  // namespace qbt::server
