// QbtLab's disk fixtures: torrents over existing files (cross-seeds, shared data
// directories, another lab's data) and torrents whose save path is missing.
#include <fstream>
#include <map>
#include <tuple>
#include <stdexcept>

#include "qbt_lab.hpp"

namespace qbt::testing {
namespace {

std::string join_tags(const std::vector<std::string>& tags) {
    std::string joined;
    for (const auto& tag : tags) joined += (joined.empty() ? "" : ",") + tag;
    return joined;
}

}  // namespace

std::filesystem::path QbtLab::make_data_dir(const std::string& name) {
    const auto dir = root_.path() / "disk" / (name + "-" + std::to_string(++data_dirs_made_));
    std::filesystem::create_directories(dir);
    return dir;
}

void QbtLab::share_dir(const std::filesystem::path& dir) {
    shared_dirs_.push_back(dir);
    if (!release_.root.empty()) restart();
}

std::vector<std::filesystem::path> QbtLab::write_data(const std::filesystem::path& save_dir,
                                                      const TorrentLayout& layout) {
    return write_layout(save_dir, layout, seed_base_ + torrents_made_++);
}

std::vector<std::string> QbtLab::add_existing(const std::vector<ExistingTorrent>& torrents, bool skip_checking) {
    constexpr size_t kPerRequest = 50;
    std::vector<std::string> hashes;
    // torrents/add applies save path, category, tags and paused per request: group by them.
    std::map<std::tuple<std::string, std::string, std::string, bool>, std::vector<MultipartFile>> batches;
    for (const auto& torrent : torrents) {
        MadeTorrent made = torrent_from_disk(torrent.save_dir, torrent.layout, torrent.meta);
        std::ofstream(torrent_path(made.info_hash), std::ios::binary) << made.torrent_data;
        hashes.push_back(made.info_hash);
        batches[{torrent.save_dir.string(), torrent.category, join_tags(torrent.tags), torrent.paused}].push_back(
            {"torrents", made.info_hash + ".torrent", std::move(made.torrent_data)});
    }
    for (const auto& [key, files] : batches) {
        const auto& [save_dir, category, tags, paused] = key;
        if (!category.empty()) {
            LabHttpResult created = http_->post("torrents/createCategory", "category=" + LabHttp::escape(category) + "&savePath=");
            if (created.status != 200 && created.status != 409)
                throw std::runtime_error("QbtLab: createCategory '" + category + "' answered " + std::to_string(created.status));
        }
        std::vector<std::pair<std::string, std::string>> fields = {
            {"savepath", save_dir},
            {webapi_version_.at_least(2, 11) ? "stopped" : "paused", paused ? "true" : "false"},
            {"skip_checking", skip_checking ? "true" : "false"}};
        if (!category.empty()) fields.emplace_back("category", category);
        if (!tags.empty()) fields.emplace_back("tags", tags);
        for (size_t first = 0; first < files.size(); first += kPerRequest) {
            const std::vector<MultipartFile> part(files.begin() + static_cast<std::ptrdiff_t>(first),
                                                  files.begin() + static_cast<std::ptrdiff_t>(std::min(files.size(), first + kPerRequest)));
            LabHttpResult added = http_->post_multipart("torrents/add", fields, part);
            if (added.status == 403 && http_->login(username_, password_))
                added = http_->post_multipart("torrents/add", fields, part);
            if (added.status != 200 || added.body != "Ok.")
                throw std::runtime_error("QbtLab: torrents/add into " + save_dir + " answered " +
                                         std::to_string(added.status) + " '" + added.body.substr(0, 200) + "'");
        }
    }
    wait_until_listed(hashes, 30 + (skip_checking ? 0.01 : 0.05) * static_cast<double>(hashes.size()));
    return hashes;
}

CrossSeedPair QbtLab::add_cross_seed_pair(const TorrentLayout& layout, const std::string& first_source,
                                          const std::string& second_source, bool skip_checking) {
    if (first_source == second_source)
        throw std::runtime_error("QbtLab: a cross-seed pair needs two different sources");
    CrossSeedPair pair;
    pair.save_dir = make_data_dir("xseed");
    pair.files = write_data(pair.save_dir, layout);
    auto tracker = [](const std::string& source) { return "http://127.0.0.1:9/" + source + "/announce"; };
    const auto hashes = add_existing({{pair.save_dir, layout, {tracker(first_source), first_source, false}, "", {}, false},
                                      {pair.save_dir, layout, {tracker(second_source), second_source, false}, "", {}, false}},
                                     skip_checking);
    pair.first = hashes[0];
    pair.second = hashes[1];
    return pair;
}

std::pair<std::string, std::filesystem::path> QbtLab::add_with_missing_save_path(const TorrentLayout& layout) {
    const auto save_dir = make_data_dir("missing");
    write_data(save_dir, layout);
    const auto hashes = add_existing({{save_dir, layout, {}, "", {}, true}});
    std::filesystem::remove_all(save_dir);
    return {hashes[0], save_dir};
}

}  // namespace qbt::testing
