// What the cleanup end-to-end tests share (issue 15): a real qbittorrent-nox with torrents
// over files on disk, the real `qbt-rules --serve`, jobs run to their end, torrents read
// back from qBittorrent, and a recheck waited for to its end.
#pragma once

#include "e2e_support.hpp"
#include "qbt_lab.hpp"
#include "torrent_data.hpp"

#include <rapidjson/document.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace qbt::e2e {

// The server's environment for talking to `lab` (its URL, username, password), plus `extra`.
std::map<std::string, std::string> lab_env(testing::QbtLab& lab, std::map<std::string, std::string> extra = {});

// The job's document once it ended (a test failure when it did not complete).
rapidjson::Document run_job(Server& server, const std::string& query);

// The torrent's torrents/info object, or a null document when qBittorrent does not list it.
rapidjson::Document torrent_info(testing::QbtLab& lab, const std::string& hash);
bool listed(testing::QbtLab& lab, const std::string& hash);
std::string text_field(const rapidjson::Value& info, const char* key);

// Waits until the torrent has left the checking states (qbt-lab.md: a recheck sent during
// checkingResumeData can stick), rechecks it and waits for the check to end. Returns its
// info then (progress 1 = every piece verified).
rapidjson::Document recheck(testing::QbtLab& lab, const std::string& hash);
// uploading, stalledUP, queuedUP, forcedUP: seeding, not stopped.
bool is_seeding(const std::string& state);

// The whole file's bytes ("" when it cannot be read).
std::string file_bytes(const std::filesystem::path& path);

// qBittorrent's server_state.free_space_on_disk.
int64_t qbittorrent_free_space(testing::QbtLab& lab);

// How many of `count` torrents of `size` bytes an until: {free_space: target} rule deletes
// when the engine read `start` bytes free: until start + steps * size reaches the target.
int until_steps(int64_t start, int64_t size, int64_t target, int count);

}  // namespace qbt::e2e
