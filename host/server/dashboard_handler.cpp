// GET / and GET /assets/<file>: the dashboard's embedded static files (no key needed: the
// page itself holds no data; it asks for the API key and sends it with each API call).
#include "server/api.hpp"
#include "server/dashboard/assets.hpp"

namespace qbt::server {
namespace {

// The page loads only its own files and talks only to this server.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const dashboard::EmbeddedAsset* find_asset(std::string_view path) {
    for (const dashboard::EmbeddedAsset& asset : dashboard::embedded_assets())
        if (asset.path == path) return &asset;
    return nullptr;
}

}  // namespace

Reply handle_dashboard(ApiContext&, const ApiRequest& request) {
    std::string_view path = request.path;
    if (path == "/") path = "/index.html";
    else if (path.rfind("/assets/", 0) == 0) path.remove_prefix(7);  // keeps the leading '/'
    const dashboard::EmbeddedAsset* asset = find_asset(path);
    if (!asset) return error_reply(404, "not_found", "no dashboard file " + quote_input(request.path));

    Reply reply;
    reply.headers.emplace_back("ETag", std::string(asset->etag));
    // Revalidate every time (names are not versioned), cheaply thanks to the ETag.
    reply.headers.emplace_back("Cache-Control", "no-cache");
    reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
    reply.headers.emplace_back("Referrer-Policy", "no-referrer");
    reply.headers.emplace_back("X-Frame-Options", "DENY");
    reply.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
    reply.headers.emplace_back("Content-Type", std::string(asset->content_type));
    if (request.if_none_match && request.if_none_match->find(asset->etag) != std::string::npos) {
        reply.code = 304;
        return reply;
    }
    reply.code = 200;
    reply.body.assign(asset->body);
    return reply;
}

}  // namespace qbt::server
