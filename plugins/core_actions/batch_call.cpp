#include "batch_call.hpp"

#include <algorithm>

namespace qbt::core_actions {

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0x0F]);
        }
    }
    return out;
}

std::string hashes_field(sdk::TorrentBatch chunk) {
    std::string joined;
    joined.reserve(chunk.size() * 41);
    for (size_t i = 0; i < chunk.size(); ++i) {
        if (i > 0) joined.push_back('|');
        joined.append(sdk::to_string_view(chunk[i].hash));
    }
    return "hashes=" + url_encode(joined);
}

namespace {
std::string excerpt(const std::string& body) {
    std::string text = body.substr(0, 120);
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
}
}  // namespace

sdk::ApiResponse post_form_allowing(const sdk::Call& call, const char* endpoint,
                                    const std::string& form, int allowed_status) {
    sdk::ApiResponse response = call.request("POST", endpoint, {}, form);
    const bool ok = (response.status >= 200 && response.status < 300) ||
                    (allowed_status != 0 && response.status == allowed_status);
    if (!ok) {
        std::string message = std::string(endpoint) + " answered HTTP " +
                              std::to_string(response.status);
        if (!response.body.empty()) message += ": " + excerpt(response.body);
        throw HttpFailure(response.status, message);
    }
    return response;
}

sdk::ApiResponse post_form(const sdk::Call& call, const char* endpoint, const std::string& form) {
    return post_form_allowing(call, endpoint, form, 0);
}

void run_chunked(const sdk::Call& call, std::string_view action, sdk::TorrentBatch batch,
                 std::span<int32_t> results,
                 const std::function<void(sdk::TorrentBatch)>& send) {
    bool any_succeeded = false;
    for (size_t begin = 0; begin < batch.size(); begin += kChunkSize) {
        const size_t count = std::min(kChunkSize, batch.size() - begin);
        auto fail_from = [&](size_t from, size_t to) {
            for (size_t i = from; i < to; ++i) results[i] = QBT_E_IO;
        };
        try {
            send(batch.subspan(begin, count));
            any_succeeded = true;
        } catch (const HttpFailure& e) {
            fail_from(begin, begin + count);
            call.host.error(std::string(action) + ": " + std::to_string(count) +
                            " torrent(s) failed: " + e.what());
        } catch (const sdk::Error& e) {
            if (!any_succeeded) throw;
            fail_from(begin, batch.size());
            call.host.error(std::string(action) + ": " + std::to_string(batch.size() - begin) +
                            " torrent(s) not done, qBittorrent did not answer: " + e.what());
            return;
        }
    }
}

void post_chunked(const sdk::Call& call, std::string_view action, sdk::TorrentBatch batch,
                  std::span<int32_t> results, const char* endpoint, const std::string& extra_form) {
    run_chunked(call, action, batch, results, [&](sdk::TorrentBatch chunk) {
        std::string form = hashes_field(chunk);
        if (!extra_form.empty()) form += "&" + extra_form;
        post_form(call, endpoint, form);
    });
}

}  // namespace qbt::core_actions
