// A trivial reverse proxy for tests: serves qBittorrent under a path prefix, as nginx
// would at https://box.example/qbittorrent/. One request per connection.
#pragma once

#include <memory>
#include <string>

#include "tiny_http_server.hpp"

namespace qbt::testing {

class PrefixProxy {
public:
    // Forwards "<METHOD> <prefix>/rest" to 127.0.0.1:upstream_port as "<METHOD> /rest";
    // anything outside the prefix gets 404. prefix like "/qbittorrent".
    PrefixProxy(std::string prefix, int upstream_port);
    std::string url() const { return server_->url() + prefix_ + "/"; }

private:
    std::string prefix_;
    int upstream_port_;
    std::unique_ptr<TinyHttpServer> server_;
};

}  // namespace qbt::testing
