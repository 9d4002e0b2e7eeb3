#include "cleanup/bin_recovery.hpp"

#include "cleanup/restorer.hpp"

#include <rapidjson/document.h>

namespace qbt::cleanup {

bool is_listed(webapi::WebApi& api, const std::string& hash) {
    webapi::Response r = api.request({"GET", "torrents/info", "hashes=" + hash, ""});
    if (r.status != 200) throw std::runtime_error("torrents/info answered HTTP " + std::to_string(r.status));
    rapidjson::Document doc;
    doc.Parse(r.body.data(), r.body.size());
    if (doc.HasParseError() || !doc.IsArray()) throw std::runtime_error("torrents/info answered no JSON list");
    return !doc.Empty();
}

std::vector<std::string> recover_bin(disk::RecycleBin& bin, const ApiFor& api_for) {
    std::vector<std::string> lines;
    for (disk::BinEntry& entry : bin.interrupted()) {
        const std::string what = entry.dir.filename().string() + " (" + entry.record.name + ")";
        try {
            webapi::WebApi* api = api_for ? api_for(entry.record.instance) : nullptr;
            if (entry.record.state == disk::kBinRestoring) {
                if (!api) throw std::runtime_error("its instance '" + entry.record.instance + "' is not configured");
                finish_restore(bin, entry, *api);
                lines.push_back(what + ": an interrupted restore was finished");
                continue;
            }
            if (entry.record.state == disk::kBinPrepared) {
                if (!api) throw std::runtime_error("its instance '" + entry.record.instance + "' is not configured");
                if (is_listed(*api, entry.record.hash)) {
                    bin.drop(entry);
                    lines.push_back(what + ": the torrent is still in qBittorrent; the unfinished entry was dropped");
                    continue;
                }
                bin.set_state(entry, disk::kBinMoving);
            }
            const disk::MoveReport moved = bin.move_in(entry);
            bin.finish(entry);
            lines.push_back(what + ": an interrupted move was finished (" +
                            std::to_string(moved.renamed + moved.copied) + " more file(s) moved in)");
        } catch (const std::exception& e) {
            lines.push_back(what + ": left for later: " + e.what());
        }
    }
    return lines;
}

}  // namespace qbt::cleanup
