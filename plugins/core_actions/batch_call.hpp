// One batched qBittorrent write per chunk of torrents ("hashes=h1|h2|...").
#pragma once

#include <qbt/cpp/action.hpp>

#include <cstddef>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace qbt::core_actions {

// Hashes per request: 200 x 41 bytes is about 8 KB of form body.
inline constexpr size_t kChunkSize = 200;

// Percent-encode one form value (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view text);

// "hashes=h1%7Ch2..." for a chunk.
std::string hashes_field(sdk::TorrentBatch chunk);

// A response arrived but was not 2xx: fails only the chunk it was sent for.
class HttpFailure : public std::runtime_error {
public:
    HttpFailure(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
    int status() const { return status_; }

private:
    int status_;
};

// POST `form` to `endpoint`; returns the response when 2xx, else throws HttpFailure
// (status and a short body excerpt in the message). No response at all throws sdk::Error.
sdk::ApiResponse post_form(const sdk::Call& call, const char* endpoint, const std::string& form);

// Same, but returns non-2xx responses with the status in `allowed_status` (e.g. 409).
sdk::ApiResponse post_form_allowing(const sdk::Call& call, const char* endpoint,
                                    const std::string& form, int allowed_status);

// Splits `batch` into chunks of kChunkSize and calls `send(chunk)` for each.
// HttpFailure -> that chunk's results become QBT_E_IO (logged); other chunks go on.
// No response (sdk::Error): when nothing succeeded yet the whole batch fails (rethrown),
// otherwise this and the remaining chunks are marked QBT_E_IO and logged.
void run_chunked(const sdk::Call& call, std::string_view action, sdk::TorrentBatch batch,
                 std::span<int32_t> results,
                 const std::function<void(sdk::TorrentBatch)>& send);

// The common case: one POST per chunk to `endpoint` with "hashes=...&" + extra_form.
void post_chunked(const sdk::Call& call, std::string_view action, sdk::TorrentBatch batch,
                  std::span<int32_t> results, const char* endpoint, const std::string& extra_form);

}  // namespace qbt::core_actions
