// set_upload_limit, set_download_limit: torrents/setUploadLimit|setDownloadLimit limit=<bytes/s>.
#include "actions.hpp"
#include "batch_call.hpp"
#include "effect_json.hpp"
#include "params.hpp"

#include <qbt/cpp/units.hpp>

#include <cmath>
#include <limits>

namespace qbt::core_actions {

namespace {

constexpr int64_t kUnlimited = -1;

// qBittorrent reports "no limit" as 0 or -1 depending on version and path.
int64_t normalize(int64_t limit) { return limit <= 0 ? kUnlimited : limit; }

// `limit`: bytes/s as a number (-1 or 0 = unlimited) or a size text ("1 MiB", "500 kB").
int64_t limit_param(const Params& p) {
    const sdk::ValueView v = p.get("limit");
    if (v.missing()) p.fail("limit", "is required (bytes per second; -1 or 0 = unlimited; or e.g. \"1 MiB\")");
    double bytes = 0;
    if (v.is_number()) {
        bytes = v.as_number();
    } else if (v.is_string()) {
        const std::string text(v.as_string());
        if (sdk::detail::trim(text) == "-1") return kUnlimited;
        auto parsed = sdk::parse_size(text);
        if (!parsed) p.fail("limit", "\"" + text + "\" is not a size (use bytes per second or e.g. \"1 MiB\")");
        bytes = *parsed;
    } else {
        p.fail("limit", "must be a number of bytes per second or a size text, got " + Params::describe(v));
    }
    if (bytes == -1 || bytes == 0) return kUnlimited;
    if (bytes < 0) p.fail("limit", "must be -1 or 0 (unlimited) or a positive rate, got " + Params::describe(v));
    const double rounded = std::round(bytes);
    if (rounded > std::numeric_limits<int32_t>::max())
        p.fail("limit", "is too large (at most 2147483647 bytes per second), got " + Params::describe(v));
    return rounded < 1 ? 1 : static_cast<int64_t>(rounded);
}

// One class for both directions; `Up` picks the endpoint and the info field.
template <bool Up>
struct SetLimit {
    static constexpr const char* kName = Up ? "set_upload_limit" : "set_download_limit";
    static constexpr const char* kField = Up ? "up_limit" : "dl_limit";
    static constexpr const char* kEndpoint = Up ? "torrents/setUploadLimit" : "torrents/setDownloadLimit";

    explicit SetLimit(sdk::ValueView params) : limit_(limit_param(Params(params, kName, {"limit"}))) {}

    bool is_satisfied(const sdk::Torrent& t) const {
        const sdk::ValueView current = t.info.get(kField);
        if (!current.is_number()) return false;
        return normalize(static_cast<int64_t>(std::llround(current.as_number()))) == limit_;
    }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch,
                 std::span<int32_t> results) const {
        post_chunked(call, kName, batch, results, kEndpoint, "limit=" + std::to_string(limit_));
    }

    // qBittorrent (4.5.2 measured, 5.x by its source) reports "no limit" as 0.
    std::string effect(const sdk::Torrent&) const {
        return EffectJson().set(kField, limit_ == kUnlimited ? int64_t{0} : limit_).str();
    }

private:
    int64_t limit_;
};

}  // namespace

const qbt_action set_upload_limit_action = sdk::make_action<SetLimit<true>>(
    "set_upload_limit", nullptr, 0, "Set the upload limit (bytes/s or a size like \"1 MiB\"; -1 = unlimited).");
const qbt_action set_download_limit_action = sdk::make_action<SetLimit<false>>(
    "set_download_limit", nullptr, 0, "Set the download limit (bytes/s or a size like \"1 MiB\"; -1 = unlimited).");

}  // namespace qbt::core_actions
