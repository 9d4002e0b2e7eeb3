// The dashboard's static files, compiled into the binary by embed_assets.py (no files to
// install, nothing fetched from elsewhere).
#pragma once

#include <span>
#include <string_view>

namespace qbt::server::dashboard {

struct EmbeddedAsset {
    std::string_view path;          // "/index.html", "/app.js"...
    std::string_view content_type;  // from the extension
    std::string_view body;
    std::string_view etag;          // quoted hash of the body
};

std::span<const EmbeddedAsset> embedded_assets();

}  // namespace qbt::server::dashboard
